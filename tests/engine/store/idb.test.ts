import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { deleteDB, openDB } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MIGRATIONS, openIdbStore, SCHEMA_VERSION, upgrade, type Migration } from '../../../src/engine/store/idb';
import type { MetaOp, Store } from '../../../src/engine/store/types';
import { bytes, codeOf, d } from './util';

let n = 0;
const fresh = () => `idb-${++n}`;

/** Counts transactions so batching can be asserted. */
function countingFactory(): { factory: IDBFactory; count: () => number } {
  const factory = new IDBFactory();
  let count = 0;
  const open = factory.open.bind(factory);
  factory.open = (name: string, version?: number) => {
    const req = open(name, version);
    req.addEventListener('success', () => {
      const db = req.result;
      const tx = db.transaction.bind(db);
      db.transaction = ((...args: Parameters<IDBDatabase['transaction']>) => {
        count++;
        return tx(...args);
      }) as IDBDatabase['transaction'];
    });
    return req;
  };
  return { factory, count: () => count };
}

/**
 * Make put() fail like a full browser store on the record `when` picks: either by
 * throwing at once, or (as browsers do) by aborting the transaction with a
 * QuotaExceededError after the request was queued.
 */
function failPuts(when: (value: unknown) => boolean, how: 'throw' | 'abort', name = 'QuotaExceededError') {
  const real = IDBObjectStore.prototype.put;
  return vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
    if (!when(value)) return real.call(this, value, key);
    if (how === 'throw') throw new DOMException('simulated', name);
    const req = real.call(this, value, key);
    (this.transaction as unknown as { _abort(name: string): void })._abort(name);
    return req;
  });
}

const volume = (name: string) => ({ name, driver: 'local' as const, created: 'now', anonymous: false });
const hasDigest = (x: number) => (v: unknown) => (v as { digest?: string }).digest === d(x);

afterEach(() => {
  vi.restoreAllMocks();
});

describe('indexeddb store', () => {
  it('persists across a reopen and records its schema version', async () => {
    const factory = new IDBFactory();
    const a = await openIdbStore({ name: 'reopen', factory });
    await a.blobs.put([{ digest: d(1), bytes: bytes('kept') }]);
    await a.meta.write([{ op: 'put', table: 'volumes', value: volume('v') }]);
    a.close();
    expect(await codeOf(a.meta.all('volumes'))).toBe('STORE_CLOSED');
    const b = await openIdbStore({ name: 'reopen', factory });
    expect(b.version).toBe(SCHEMA_VERSION);
    expect(await b.meta.all('volumes')).toEqual([volume('v')]);
    expect(await b.blobs.has(d(1))).toBe(true);
    expect(await b.meta.all('kv')).toEqual([{ key: 'schema', value: SCHEMA_VERSION }]);
  });

  it('writes 1,000 blobs, and a 1,000-row write, in a handful of transactions', async () => {
    const { factory, count } = countingFactory();
    const s = await openIdbStore({ name: 'batch', factory });
    let before = count();
    await s.blobs.put(Array.from({ length: 1000 }, (_, i) => ({ digest: d(i + 1), bytes: bytes(String(i)) })));
    expect(count() - before).toBeLessThanOrEqual(2);
    expect((await s.blobs.list()).length).toBe(1000);

    const ops: MetaOp[] = Array.from({ length: 1000 }, (_, i) => ({ op: 'put', table: 'entries', value: { owner: 'c1', path: `/f${i}`, entry: null, whiteout: true } }));
    before = count();
    await s.meta.write([{ op: 'deleteOwner', owner: 'c1' }, ...ops, { op: 'put', table: 'volumes', value: volume('v') }]);
    expect(count() - before).toBe(1);
    expect(await s.meta.entriesOf('c1')).toHaveLength(1000);
  });

  it('stores a view as just its bytes, not the whole buffer behind it', async () => {
    const s = await openIdbStore({ name: fresh() });
    const buffer = new Uint8Array(1 << 16);
    await s.blobs.put([{ digest: d(1), bytes: buffer.subarray(10, 12) }]);
    expect((await s.blobs.get(d(1))).buffer.byteLength).toBe(2);
  });

  describe('a full quota', () => {
    const cases: Array<['throw' | 'abort']> = [['throw'], ['abort']];

    it.each(cases)('fails a blob put with QUOTA_EXCEEDED and stores nothing (put %s)', async (how) => {
      const s = await openIdbStore({ name: fresh() });
      await s.blobs.put([{ digest: d(9), bytes: bytes('before') }]);
      failPuts(hasDigest(3), how);
      const err = await s.blobs.put([1, 2, 3, 4].map((i) => ({ digest: d(i), bytes: bytes(`b${i}`) }))).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'QUOTA_EXCEEDED', message: expect.stringMatching(/^The browser storage quota is full/) });
      vi.restoreAllMocks();
      expect((await s.blobs.list()).map((b) => b.digest)).toEqual([d(9)]);
      await s.blobs.put([{ digest: d(1), bytes: bytes('after') }]); // still usable
      expect(await s.blobs.has(d(1))).toBe(true);
    });

    it.each(cases)('fails a metadata write with QUOTA_EXCEEDED and applies none of it (put %s)', async (how) => {
      const s = await openIdbStore({ name: fresh() });
      await s.meta.write([{ op: 'put', table: 'volumes', value: volume('old') }, { op: 'put', table: 'entries', value: { owner: 'c1', path: '/a', entry: null } }]);
      failPuts((v) => (v as { path?: string }).path === '/big', how);
      const code = await codeOf(s.meta.write([
        { op: 'delete', table: 'volumes', key: 'old' },
        { op: 'put', table: 'volumes', value: volume('new') },
        { op: 'deleteOwner', owner: 'c1' },
        { op: 'put', table: 'entries', value: { owner: 'c1', path: '/big', entry: null } },
        { op: 'put', table: 'tags', value: { ref: 'docker.io/library/x:1', image: d(1) } },
      ]));
      expect(code).toBe('QUOTA_EXCEEDED');
      vi.restoreAllMocks();
      expect(await s.meta.all('volumes')).toEqual([volume('old')]);
      expect((await s.meta.entriesOf('c1')).map((e) => e.path)).toEqual(['/a']);
      expect(await s.meta.all('tags')).toEqual([]);
    });

    it('reports any other failure as an EngineError, with nothing applied', async () => {
      const s = await openIdbStore({ name: fresh() });
      failPuts(hasDigest(2), 'throw', 'UnknownError');
      const err = await s.blobs.put([{ digest: d(1), bytes: bytes('a') }, { digest: d(2), bytes: bytes('b') }]).catch((e: unknown) => e);
      expect(err).toMatchObject({ name: 'EngineError', code: 'INTERNAL', message: expect.stringContaining('UnknownError') });
      vi.restoreAllMocks();
      expect(await s.blobs.list()).toEqual([]);
    });
  });

  describe('schema upgrades', () => {
    it('opens a database an earlier run built at version 1 without losing data', async () => {
      const name = fresh();
      const raw = await openDB(name, 1, { upgrade: (db, o, v, tx) => upgrade(db, o, v, tx) });
      await raw.put('images', { id: d(1), layers: [], created: 'then', size: 0 });
      await raw.put('blobs', { digest: d(1), size: 2, bytes: bytes('{}') });
      raw.close();
      const s = await openIdbStore({ name });
      expect(await s.meta.get('images', d(1))).toEqual({ id: d(1), layers: [], created: 'then', size: 0 });
      expect(await s.blobs.get(d(1))).toEqual(bytes('{}'));
      expect(await s.meta.get('kv', 'schema')).toEqual({ key: 'schema', value: 1 });
    });

    it('runs only the steps after the stored version, in order, keeping data', async () => {
      const name = fresh();
      const ran: number[] = [];
      const step = (v: number, fn: Migration = () => {}): Migration => (db, tx) => {
        ran.push(v);
        fn(db, tx);
      };
      const steps: Migration[] = [
        () => {},
        step(1, MIGRATIONS[1]),
        step(2, (db) => db.createObjectStore('extra', { keyPath: 'k' })),
        step(3, (_db, tx) => tx.objectStore('images').createIndex('created', 'created')),
      ];
      const at = (version: number) => openDB(name, version, { upgrade: (db, o, v, tx) => upgrade(db, o, v, tx, steps) });
      const v1 = await at(1);
      await v1.put('volumes', volume('survives'));
      v1.close();
      expect(ran).toEqual([1]);
      const v3 = await at(3);
      expect(ran).toEqual([1, 2, 3]);
      expect(await v3.get('volumes', 'survives')).toEqual(volume('survives'));
      expect(await v3.get('kv', 'schema')).toEqual({ key: 'schema', value: 3 });
      expect([...v3.objectStoreNames]).toContain('extra');
      v3.close();
      await deleteDB(name);
    });

    it('refuses a version it has no step for', async () => {
      const name = fresh();
      let thrown: unknown;
      const opening = openDB(name, MIGRATIONS.length, {
        upgrade(db, o, v, tx) {
          tx.done.catch(() => {});
          try {
            upgrade(db, o, v, tx);
          } catch (e) {
            thrown = e;
            tx.abort();
          }
        },
      });
      await expect(opening).rejects.toThrow();
      expect(thrown).toMatchObject({ code: 'STORE_SCHEMA' });
      const at1 = await openDB(name, 1);
      expect([...at1.objectStoreNames]).toEqual([]); // the failed upgrade left nothing behind
      at1.close();
    });

    it('says STORE_SCHEMA when the stored data is newer than this code', async () => {
      const name = fresh();
      (await openDB(name, SCHEMA_VERSION + 1)).close();
      const err = await openIdbStore({ name }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'STORE_SCHEMA', message: expect.stringMatching(/newer Layerlab/) });
    });
  });

  describe('connection life', () => {
    it('steps aside when another tab upgrades, then says STORE_CLOSED', async () => {
      const name = fresh();
      const reasons: string[] = [];
      const s: Store = await openIdbStore({ name, onClose: (r) => reasons.push(r) });
      const newer = await openDB(name, SCHEMA_VERSION + 1); // would block forever if s kept its connection
      expect(reasons).toEqual(['another tab upgraded or deleted the storage']);
      const err = await s.meta.all('images').catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'STORE_CLOSED', message: expect.stringContaining('another tab upgraded') });
      newer.close();
    });

    it('opens concurrently through different factories without mixing them up', async () => {
      const global = globalThis.indexedDB;
      const fa = new IDBFactory();
      const fb = new IDBFactory();
      const [a, b] = await Promise.all([openIdbStore({ name: 'same', factory: fa }), openIdbStore({ name: 'same', factory: fb })]);
      expect(globalThis.indexedDB).toBe(global);
      await a.blobs.put([{ digest: d(1), bytes: bytes('a') }]);
      expect(await b.blobs.has(d(1))).toBe(false);
      expect((await fa.databases()).map((x) => x.name)).toEqual(['same']);
      expect(await global.databases()).not.toContainEqual(expect.objectContaining({ name: 'same' }));
    });
  });
});
