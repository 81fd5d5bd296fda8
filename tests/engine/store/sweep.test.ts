import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../../src/engine/store/memory';
import { sweepOrphans } from '../../../src/engine/store/sweep';
import type { Store } from '../../../src/engine/store/types';
import { image, layer } from './contract';
import { bytes, d } from './util';

/** Wrap a store to log the order of its writes. */
function logging(s: Store): { store: Store; log: string[] } {
  const log: string[] = [];
  const store: Store = {
    ...s,
    blobs: { ...s.blobs, delete: (ds) => (log.push(`blobs.delete ${ds.length}`), s.blobs.delete(ds)) },
    meta: { ...s.meta, write: (ops) => (log.push(`meta.write ${ops.length}`), s.meta.write(ops)) },
  };
  return { store, log };
}

describe('sweepOrphans', () => {
  it('removes metadata in one write before any blob, so no record ever points at a missing blob', async () => {
    const { store, log } = logging(createMemoryStore());
    await store.blobs.put([1, 3, 4].map((n) => ({ digest: d(n), bytes: bytes(String(n)) })));
    await store.meta.write([
      { op: 'put', table: 'images', value: image(d(1), [d(10)]) },
      { op: 'put', table: 'layers', value: layer(d(10), d(3)) },
      { op: 'put', table: 'layers', value: layer(d(11), d(4)) },
      { op: 'put', table: 'tags', value: { ref: 'docker.io/library/gone:1', image: d(2) } },
      { op: 'put', table: 'entries', value: { owner: 'gone', path: '/', entry: null } },
    ]);
    log.length = 0;
    const r = await sweepOrphans(store);
    expect(r).toEqual({ blobs: [d(4)], layers: [d(11)], entryOwners: ['gone'], tags: ['docker.io/library/gone:1'] });
    expect(log).toEqual(['meta.write 3', 'blobs.delete 1']);
  });

  it('keeps blobs named as extra roots (a write still in flight)', async () => {
    const s = createMemoryStore();
    await s.blobs.put([{ digest: d(5), bytes: bytes('pending') }, { digest: d(6), bytes: bytes('junk') }]);
    expect((await sweepOrphans(s, { extraRoots: [d(5)] })).blobs).toEqual([d(6)]);
    expect(await s.blobs.has(d(5))).toBe(true);
  });
});
