/**
 * The browser store: IndexedDB through `idb`. Blobs and metadata live in one
 * database; every `put` of blobs and every metadata `write` is one transaction, so
 * committing a 1,000-file layer costs a handful of transactions, not thousands.
 */
import { openDB, type IDBPDatabase, type IDBPTransaction } from 'idb';
import { EngineError } from '../errors';
import type { Digest } from '../types';
import { closedError, tablesOf, validateOps } from './ops';
import type { BlobInfo, MetaOp, StoredEntry, Store, TableName, Tables } from './types';

export const SCHEMA_VERSION = 1;

type Db = IDBPDatabase<unknown>;
type UpgradeTx = IDBPTransaction<unknown, string[], 'versionchange'>;

/**
 * Migrations by target version: migration[v] takes a database at v-1 to v. A later
 * schema adds a step here; existing steps are never rewritten.
 */
const MIGRATIONS: Array<(db: Db, tx: UpgradeTx) => void> = [
  () => {},
  (db) => {
    db.createObjectStore('blobs', { keyPath: 'digest' });
    db.createObjectStore('images', { keyPath: 'id' });
    db.createObjectStore('tags', { keyPath: 'ref' });
    db.createObjectStore('layers', { keyPath: 'diffID' });
    db.createObjectStore('containers', { keyPath: 'id' });
    db.createObjectStore('volumes', { keyPath: 'name' });
    const entries = db.createObjectStore('entries', { keyPath: ['owner', 'path'] });
    entries.createIndex('owner', 'owner');
    db.createObjectStore('kv', { keyPath: 'key' });
  },
];

/**
 * Issue requests and wait for all of them. Every request promise is marked handled,
 * even when issuing stops half-way with a throw: after an abort they all reject.
 */
async function allOf<T>(items: readonly T[], issue: (item: T) => Promise<unknown>): Promise<void> {
  const ps: Promise<unknown>[] = [];
  try {
    for (const it of items) ps.push(issue(it));
  } finally {
    for (const p of ps) p.catch(() => {});
  }
  await Promise.all(ps);
}

function isQuota(e: unknown): boolean {
  const name = (e as { name?: string } | null)?.name;
  return name === 'QuotaExceededError' || (name === 'AbortError' && /quota/i.test(String((e as Error).message)));
}

function quotaError(e: unknown): EngineError {
  return new EngineError('QUOTA_EXCEEDED', 'The browser storage quota is full: nothing was written. Remove images or containers (docker rmi, docker rm, docker system prune) and try again.', { cause: String((e as Error)?.message ?? e) });
}

export interface IdbStoreOptions {
  name?: string;
  /** Injected so the engine never touches the global itself (workers, Node tests). */
  factory?: IDBFactory;
}

export async function openIdbStore(opts: IdbStoreOptions = {}): Promise<Store> {
  const name = opts.name ?? 'layerlab';
  const factory = opts.factory ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  if (!factory) throw new EngineError('STORE_SCHEMA', 'IndexedDB is not available in this environment', {});
  let closed: string | null = null;
  // idb reads the global indexedDB; swap it in for the duration of the open only.
  const g = globalThis as { indexedDB?: IDBFactory };
  const saved = g.indexedDB;
  const swap = saved !== factory;
  if (swap) g.indexedDB = factory;
  let db: Db;
  try {
    db = await openDB(name, SCHEMA_VERSION, {
      upgrade(database, oldVersion, newVersion, tx) {
        for (let v = oldVersion + 1; v <= (newVersion ?? SCHEMA_VERSION); v++) MIGRATIONS[v](database, tx);
        void tx.objectStore('kv').put({ key: 'schema', value: newVersion ?? SCHEMA_VERSION });
      },
      blocking() {
        // Another tab wants a newer schema: step aside rather than block it forever.
        closed = 'another tab upgraded the storage';
        db.close();
      },
      terminated() {
        closed = 'the browser closed the database';
      },
    });
  } finally {
    if (swap) g.indexedDB = saved;
  }
  const live = () => {
    if (closed) throw closedError(closed);
    return db;
  };

  async function run<T>(stores: string[], mode: IDBTransactionMode, body: (tx: IDBPTransaction<unknown, string[], IDBTransactionMode>) => Promise<T>): Promise<T> {
    const tx = live().transaction(stores, mode);
    try {
      const result = await body(tx);
      await tx.done;
      return result;
    } catch (e) {
      try {
        tx.abort();
      } catch {
        // already finished or aborted
      }
      await tx.done.catch(() => {});
      if (isQuota(e) || isQuota(tx.error)) throw quotaError(e);
      throw e;
    }
  }

  const blobs = {
    async has(digest: Digest) {
      return (await live().getKey('blobs', digest)) !== undefined;
    },
    async get(digest: Digest) {
      const row = (await live().get('blobs', digest)) as { bytes: Uint8Array } | undefined;
      if (!row) throw new EngineError('BLOB_NOT_FOUND', `blob ${digest} not found`, { digest });
      return row.bytes;
    },
    async put(list: Array<{ digest: Digest; bytes: Uint8Array }>) {
      if (list.length === 0) return;
      await run(['blobs'], 'readwrite', async (tx) => {
        const s = tx.objectStore('blobs');
        await allOf(list, (b) => s.put!({ digest: b.digest, size: b.bytes.length, bytes: b.bytes }));
      });
    },
    async delete(digests: Digest[]) {
      if (digests.length === 0) return;
      await run(['blobs'], 'readwrite', async (tx) => {
        const s = tx.objectStore('blobs');
        await allOf(digests, (d) => s.delete!(d));
      });
    },
    async list(): Promise<BlobInfo[]> {
      // Walk a cursor rather than getAll so large blobs aren't all loaded at once.
      const out: BlobInfo[] = [];
      let cur = await live().transaction('blobs').store.openCursor();
      while (cur) {
        const v = cur.value as { digest: Digest; size: number };
        out.push({ digest: v.digest, size: v.size });
        cur = await cur.continue();
      }
      return out;
    },
  };

  const meta = {
    async get<K extends Exclude<TableName, 'entries'>>(table: K, key: string): Promise<Tables[K] | undefined> {
      return (await live().get(table, key)) as Tables[K] | undefined;
    },
    async all<K extends TableName>(table: K): Promise<Array<Tables[K]>> {
      return (await live().getAll(table)) as Array<Tables[K]>;
    },
    async entryOwners(): Promise<string[]> {
      const out: string[] = [];
      let cur = await live().transaction('entries').store.index('owner').openKeyCursor(null, 'nextunique');
      while (cur) {
        out.push(cur.key as string);
        cur = await cur.continue();
      }
      return out;
    },
    async entriesOf(owner: string): Promise<StoredEntry[]> {
      return (await live().getAllFromIndex('entries', 'owner', owner)) as StoredEntry[];
    },
    async write(ops: MetaOp[]) {
      validateOps(ops);
      if (ops.length === 0) return;
      await run(tablesOf(ops), 'readwrite', async (tx) => {
        // Owner deletions need their keys first; read them inside the same transaction.
        const expanded: Array<() => Promise<unknown>> = [];
        for (const op of ops) {
          if (op.op === 'put') expanded.push(() => tx.objectStore(op.table).put!(op.value));
          else if (op.op === 'delete') expanded.push(() => tx.objectStore(op.table).delete!(op.key as IDBValidKey));
          else {
            const keys = await tx.objectStore('entries').index('owner').getAllKeys(op.owner);
            for (const k of keys) expanded.push(() => tx.objectStore('entries').delete!(k));
          }
        }
        await allOf(expanded, (f) => f());
      });
    },
  };

  return {
    blobs,
    meta,
    version: db.version,
    close() {
      closed = closed ?? 'closed';
      db.close();
    },
  };
}
