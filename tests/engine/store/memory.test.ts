import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../../src/engine/store/memory';
import type { StoredEntry } from '../../../src/engine/store/types';
import { bytes, codeOf, d } from './util';

const big = (owner: string, path: string, n: number): StoredEntry => ({
  owner, path, entry: { type: 'file', mode: 0o644, uid: 0, gid: 0, mtime: 0, data: new Uint8Array(n) },
});

describe('memory store quota', () => {
  it('refuses blobs past the quota and stores none of the batch', async () => {
    const s = createMemoryStore({ quotaBytes: 100 });
    await s.blobs.put([{ digest: d(1), bytes: new Uint8Array(60) }]);
    const err = s.blobs.put([{ digest: d(2), bytes: new Uint8Array(10) }, { digest: d(3), bytes: new Uint8Array(40) }]);
    expect(await codeOf(err)).toBe('QUOTA_EXCEEDED');
    expect((await s.blobs.list()).map((b) => b.digest)).toEqual([d(1)]);
    expect(s.usedBytes()).toBe(60);
    // Re-putting what is already there costs nothing.
    await s.blobs.put([{ digest: d(1), bytes: new Uint8Array(60) }]);
    await s.blobs.delete([d(1)]);
    expect(s.usedBytes()).toBe(0);
    await s.blobs.put([{ digest: d(2), bytes: new Uint8Array(10) }, { digest: d(3), bytes: new Uint8Array(40) }]);
    expect(await s.blobs.list()).toHaveLength(2);
  });

  it('refuses a metadata write past the quota and applies none of it', async () => {
    const s = createMemoryStore({ quotaBytes: 5_000 });
    await s.meta.write([{ op: 'put', table: 'entries', value: big('c1', '/a', 3_000) }]);
    const err = await s.meta.write([
      { op: 'deleteOwner', owner: 'c1' },
      { op: 'put', table: 'volumes', value: { name: 'v', driver: 'local', created: 'now', anonymous: false } },
      { op: 'put', table: 'entries', value: big('c1', '/b', 6_000) },
    ]).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'QUOTA_EXCEEDED', message: expect.stringMatching(/^The browser storage quota is full/) });
    expect((await s.meta.entriesOf('c1')).map((e) => e.path)).toEqual(['/a']);
    expect(await s.meta.all('volumes')).toEqual([]);
    // Replacing a row counts only the difference, and deletes free space.
    await s.meta.write([{ op: 'deleteOwner', owner: 'c1' }, { op: 'put', table: 'entries', value: big('c1', '/b', 4_000) }]);
    expect((await s.meta.entriesOf('c1')).map((e) => e.path)).toEqual(['/b']);
  });

  it('can change or lift the quota mid-test', async () => {
    const s = createMemoryStore();
    await s.blobs.put([{ digest: d(1), bytes: bytes('hello') }]);
    s.quotaBytes = 5;
    expect(await codeOf(s.blobs.put([{ digest: d(2), bytes: bytes('!') }]))).toBe('QUOTA_EXCEEDED');
    s.quotaBytes = undefined;
    await s.blobs.put([{ digest: d(2), bytes: bytes('!') }]);
    expect(await s.blobs.has(d(2))).toBe(true);
  });
});
