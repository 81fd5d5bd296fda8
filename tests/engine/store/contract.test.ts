import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { EngineError } from '../../../src/engine/errors';
import { openIdbStore, SCHEMA_VERSION } from '../../../src/engine/store/idb';
import { createMemoryStore } from '../../../src/engine/store/memory';
import { sweepOrphans } from '../../../src/engine/store/sweep';
import type { MetaOp, Store } from '../../../src/engine/store/types';
import type { Digest, ImageRecord, LayerRecord } from '../../../src/engine/types';

const d = (n: number) => `sha256:${n.toString(16).padStart(64, '0')}` as Digest;
const bytes = (s: string) => new TextEncoder().encode(s);

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    return e instanceof EngineError ? e.code : String(e);
  }
  return undefined;
}

/** Counts transactions so batching can be asserted. */
function countingFactory(): { factory: IDBFactory; count: () => number } {
  const factory = new IDBFactory();
  let n = 0;
  const open = factory.open.bind(factory);
  factory.open = (name: string, version?: number) => {
    const req = open(name, version);
    req.addEventListener('success', () => {
      const db = req.result;
      const tx = db.transaction.bind(db);
      db.transaction = ((...args: Parameters<IDBDatabase['transaction']>) => {
        n++;
        return tx(...args);
      }) as IDBDatabase['transaction'];
    });
    return req;
  };
  return { factory, count: () => n };
}

const image = (id: Digest, layers: Digest[], manifestDigest?: Digest): ImageRecord => ({ id, layers, created: '2024-01-01T00:00:00Z', size: 1, manifestDigest });
const layer = (diffID: Digest, digest: Digest): LayerRecord => ({ diffID, digest, mediaType: 'x', compressedSize: 1, tarSize: 1, size: 1 });

const makers: Array<[string, () => Promise<Store>]> = [
  ['memory', async () => createMemoryStore()],
  ['indexeddb', async () => openIdbStore({ name: 'contract', factory: new IDBFactory() })],
];

describe.each(makers)('%s store', (_name, make) => {
  it('stores blobs by digest', async () => {
    const s = await make();
    await s.blobs.put([{ digest: d(1), bytes: bytes('one') }, { digest: d(2), bytes: bytes('two!') }]);
    expect(await s.blobs.has(d(1))).toBe(true);
    expect(new TextDecoder().decode(await s.blobs.get(d(2)))).toBe('two!');
    expect(await s.blobs.list()).toEqual([{ digest: d(1), size: 3 }, { digest: d(2), size: 4 }]);
    await s.blobs.delete([d(1)]);
    expect(await codeOf(s.blobs.get(d(1)))).toBe('BLOB_NOT_FOUND');
  });

  it('applies a metadata batch all or nothing', async () => {
    const s = await make();
    const good: MetaOp = { op: 'put', table: 'tags', value: { ref: 'docker.io/library/a:latest', image: d(1) } };
    const bad = { op: 'put', table: 'tags', value: { image: d(2) } } as unknown as MetaOp;
    expect(await codeOf(s.meta.write([good, bad]))).toBe('INVALID_ARGUMENT');
    expect(await s.meta.all('tags')).toEqual([]);
    await s.meta.write([good]);
    expect(await s.meta.get('tags', 'docker.io/library/a:latest')).toEqual(good.value);
  });

  it('keeps entry rows per owner and deletes them by owner', async () => {
    const s = await make();
    const e = { type: 'file' as const, mode: 0o644, uid: 0, gid: 0, mtime: 0, data: bytes('x') };
    await s.meta.write([
      { op: 'put', table: 'entries', value: { owner: 'c1', path: '/a', entry: e } },
      { op: 'put', table: 'entries', value: { owner: 'c1', path: '/b', entry: null, whiteout: true } },
      { op: 'put', table: 'entries', value: { owner: 'c2', path: '/a', entry: e } },
    ]);
    expect((await s.meta.entriesOf('c1')).map((r) => r.path)).toEqual(['/a', '/b']);
    expect(await s.meta.entryOwners()).toEqual(['c1', 'c2']);
    await s.meta.write([{ op: 'deleteOwner', owner: 'c1' }]);
    expect(await s.meta.entriesOf('c1')).toEqual([]);
    expect(await s.meta.entriesOf('c2')).toHaveLength(1);
  });

  it('sweeps what an interrupted write left behind, and keeps what is referenced', async () => {
    const s = await make();
    await s.blobs.put([1, 2, 3, 4, 5, 6].map((n) => ({ digest: d(n), bytes: bytes(String(n)) })));
    await s.meta.write([
      { op: 'put', table: 'images', value: image(d(1), [d(10)], d(2)) },
      { op: 'put', table: 'layers', value: layer(d(10), d(3)) },
      { op: 'put', table: 'layers', value: layer(d(11), d(4)) }, // orphan layer record (+ its blob)
      { op: 'put', table: 'tags', value: { ref: 'docker.io/library/gone:latest', image: d(99) } },
      { op: 'put', table: 'entries', value: { owner: 'dead-container', path: '/x', entry: null, whiteout: true } },
    ]);
    const r = await sweepOrphans(s, { extraRoots: [d(6)] });
    expect(r.layers).toEqual([d(11)]);
    expect(r.tags).toEqual(['docker.io/library/gone:latest']);
    expect(r.entryOwners).toEqual(['dead-container']);
    expect(r.blobs.sort()).toEqual([d(4), d(5)]);
    expect((await s.blobs.list()).map((b) => b.digest)).toEqual([d(1), d(2), d(3), d(6)]);
  });
});

describe('indexeddb specifics', () => {
  it('persists across a reopen and records its schema version', async () => {
    const factory = new IDBFactory();
    const a = await openIdbStore({ name: 'reopen', factory });
    await a.meta.write([{ op: 'put', table: 'volumes', value: { name: 'v', driver: 'local', created: 'now', anonymous: false } }]);
    a.close();
    expect(await codeOf(a.meta.all('volumes'))).toBe('STORE_CLOSED');
    const b = await openIdbStore({ name: 'reopen', factory });
    expect(b.version).toBe(SCHEMA_VERSION);
    expect(await b.meta.all('volumes')).toHaveLength(1);
    expect(await b.meta.all('kv')).toEqual([{ key: 'schema', value: SCHEMA_VERSION }]);
  });

  it('writes 1,000 blobs in a handful of transactions', async () => {
    const { factory, count } = countingFactory();
    const s = await openIdbStore({ name: 'batch', factory });
    const before = count();
    await s.blobs.put(Array.from({ length: 1000 }, (_, i) => ({ digest: d(i + 1), bytes: bytes(String(i)) })));
    expect(count() - before).toBeLessThanOrEqual(2);
    expect((await s.blobs.list()).length).toBe(1000);
  });

  it('maps a full quota to QUOTA_EXCEEDED and writes nothing', async () => {
    const factory = new IDBFactory();
    const s = await openIdbStore({ name: 'quota', factory });
    const proto = Object.getPrototypeOf((globalThis as { IDBObjectStore?: unknown }).IDBObjectStore ?? {}) as object;
    void proto;
    // fake-indexeddb lets us make put() fail the way a full browser store does.
    const { IDBObjectStore } = await import('fake-indexeddb');
    const realPut = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
      if ((value as { digest?: string }).digest === d(2)) throw new DOMException('quota', 'QuotaExceededError');
      return realPut.call(this, value, key);
    };
    try {
      expect(await codeOf(s.blobs.put([{ digest: d(1), bytes: bytes('a') }, { digest: d(2), bytes: bytes('b') }]))).toBe('QUOTA_EXCEEDED');
    } finally {
      IDBObjectStore.prototype.put = realPut;
    }
    expect(await s.blobs.list()).toEqual([]);
  });
});

describe('memory specifics', () => {
  it('simulates a full quota with nothing applied', async () => {
    const s = createMemoryStore({ quotaBytes: 10 });
    expect(await codeOf(s.blobs.put([{ digest: d(1), bytes: new Uint8Array(100) }]))).toBe('QUOTA_EXCEEDED');
    expect(await s.blobs.list()).toEqual([]);
  });
});
