/**
 * The browser store: IndexedDB through `idb`. Blobs and metadata live in one
 * database; every `put` of blobs and every metadata `write` is one transaction, so
 * committing a 1,000-file layer costs a handful of transactions, not thousands.
 * Inside a transaction only IndexedDB requests are awaited: awaiting anything else
 * would let the transaction auto-commit half-done.
 */
import { openDB, type IDBPDatabase, type IDBPTransaction } from 'idb';
import { EngineError } from '../errors';
import type { Digest } from '../types';
import { closedError, tablesOf, validateOps } from './ops';
import type { BlobInfo, MetaOp, StoredEntry, Store, TableName, Tables } from './types';

export const SCHEMA_VERSION = 1;

type Db = IDBPDatabase<unknown>;
export type UpgradeTx = IDBPTransaction<unknown, string[], 'versionchange'>;
export type Migration = (db: Db, tx: UpgradeTx) => void;
type Tx = IDBPTransaction<unknown, string[], IDBTransactionMode>;

/**
 * Migrations by target version: MIGRATIONS[v] takes a database at v-1 to v. A later
 * schema appends a step; shipped steps are never edited, since users' databases
 * were built by exactly these.
 */
export const MIGRATIONS: readonly Migration[] = [
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

/** The upgrade callback: run every step after oldVersion in order, then record the version. */
export function upgrade(db: Db, oldVersion: number, newVersion: number | null, tx: UpgradeTx, migrations: readonly Migration[] = MIGRATIONS): void {
  const target = newVersion ?? migrations.length - 1;
  if (target > migrations.length - 1) {
    throw new EngineError('STORE_SCHEMA', `No migration to storage schema ${target}`, { oldVersion, target });
  }
  for (let v = oldVersion + 1; v <= target; v++) migrations[v](db, tx);
  void tx.objectStore('kv').put({ key: 'schema', value: target });
}

const nameOf = (e: unknown): string | undefined => {
  const n = (e as { name?: unknown } | null | undefined)?.name;
  return typeof n === 'string' ? n : undefined;
};

function isQuota(e: unknown): boolean {
  const name = nameOf(e);
  return name === 'QuotaExceededError' || (name === 'AbortError' && /quota/i.test(String((e as Error).message)));
}

/** A view would store its whole underlying buffer (structured clone): keep just its bytes. */
const compact = (b: Uint8Array): Uint8Array => (b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? b : b.slice());

export interface IdbStoreOptions {
  name?: string;
  /** Injected so the engine never touches the global itself (workers, Node tests). */
  factory?: IDBFactory;
  /** Another tab keeps an older version open, so opening waits; the UI can say "close other tabs". */
  onBlocked?: () => void;
  /** The connection was closed under us; later calls throw STORE_CLOSED with this reason. */
  onClose?: (reason: string) => void;
}

async function open(name: string, factory: IDBFactory, opts: IdbStoreOptions, onClose: (reason: string) => void): Promise<Db> {
  // idb reads the global indexedDB, but only synchronously inside openDB(): swap the
  // factory in for that call alone, so concurrent opens can't leave the global swapped.
  const g = globalThis as { indexedDB?: IDBFactory };
  const saved = g.indexedDB;
  let upgradeError: unknown;
  let pending: Promise<Db>;
  if (saved !== factory) g.indexedDB = factory;
  try {
    pending = openDB(name, SCHEMA_VERSION, {
      upgrade(db, oldVersion, newVersion, tx) {
        tx.done.catch(() => {}); // an abort surfaces through the open request instead
        try {
          upgrade(db, oldVersion, newVersion, tx);
        } catch (e) {
          upgradeError = e;
          tx.abort();
        }
      },
      blocked: () => opts.onBlocked?.(),
      // Another tab wants a newer schema (or to delete the database): step aside rather than block it.
      blocking: () => onClose('another tab upgraded or deleted the storage'),
      terminated: () => onClose('the browser closed the database'),
    });
  } finally {
    if (saved !== factory) g.indexedDB = saved;
  }
  try {
    return await pending;
  } catch (e) {
    if (upgradeError instanceof EngineError) throw upgradeError;
    if (upgradeError !== undefined) {
      throw new EngineError('STORE_SCHEMA', `Upgrading the browser storage to schema ${SCHEMA_VERSION} failed: ${String((upgradeError as Error).message ?? upgradeError)}`, { name });
    }
    if (nameOf(e) === 'VersionError') {
      throw new EngineError('STORE_SCHEMA', `The browser storage was written by a newer Layerlab (this one reads schema ${SCHEMA_VERSION}). Reload the page to get the newer version.`, { name, version: SCHEMA_VERSION });
    }
    throw new EngineError('STORE_CLOSED', `Could not open the browser storage "${name}": ${nameOf(e) ?? 'Error'}: ${(e as Error)?.message ?? e}`, { name });
  }
}

export async function openIdbStore(opts: IdbStoreOptions = {}): Promise<Store> {
  const name = opts.name ?? 'layerlab';
  const factory = opts.factory ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  if (!factory) throw new EngineError('STORE_SCHEMA', 'IndexedDB is not available in this environment', {});
  let closed: string | null = null;
  const opened: { db?: Db } = {};
  const shut = (reason: string) => {
    if (closed) return;
    closed = reason;
    opened.db?.close();
    opts.onClose?.(reason);
  };
  const conn = (opened.db = await open(name, factory, opts, shut));
  const live = (): Db => {
    if (closed) throw closedError(closed);
    return conn;
  };

  /** Turn what IndexedDB threw into an EngineError, preferring the most telling cause. */
  const fail = (what: string, errs: unknown[]): EngineError => {
    if (closed) return closedError(closed);
    const quota = errs.find(isQuota);
    if (quota !== undefined) {
      return new EngineError('QUOTA_EXCEEDED', `The browser storage quota is full: could not ${what}, nothing was written. Remove images or containers (docker rmi, docker rm, docker system prune) and try again.`, {
        operation: what, cause: String((quota as Error).message ?? quota),
      });
    }
    const known = errs.find((e): e is EngineError => e instanceof EngineError);
    if (known) return known;
    const generic = new Set([undefined, 'AbortError', 'TransactionInactiveError']);
    const cause = errs.find((e) => e != null && !generic.has(nameOf(e))) ?? errs.find((e) => e != null);
    return new EngineError('INTERNAL', `IndexedDB could not ${what}: ${nameOf(cause) ?? 'Error'}: ${(cause as Error)?.message ?? cause}`, { operation: what, name: nameOf(cause) });
  };

  const guard = async <T>(what: string, fn: (d: Db) => Promise<T>): Promise<T> => {
    const d = live();
    try {
      return await fn(d);
    } catch (e) {
      throw fail(what, [e]);
    }
  };

  /**
   * One transaction. `track` marks each request promise handled the moment it is
   * issued (after an abort they all reject), and requests go out in call order,
   * which is the order IndexedDB applies them.
   */
  async function run<T>(what: string, stores: string[], mode: IDBTransactionMode, body: (tx: Tx, track: (p: Promise<unknown>) => void) => Promise<T> | T): Promise<T> {
    let tx: Tx;
    try {
      tx = live().transaction(stores, mode);
    } catch (e) {
      throw fail(what, [e]);
    }
    const done = tx.done;
    done.catch(() => {}); // awaited below; this only keeps an early abort from counting as unhandled
    const pending: Promise<unknown>[] = [];
    const track = (p: Promise<unknown>) => {
      p.catch(() => {});
      pending.push(p);
    };
    try {
      const result = await body(tx, track);
      await Promise.all(pending);
      await done;
      return result;
    } catch (e) {
      try {
        tx.abort(); // a throw half-way through issuing must not let the earlier requests commit
      } catch {
        // already finished or aborted
      }
      const txErr = await done.then(() => undefined, (err: unknown) => err);
      throw fail(what, [e, tx.error, txErr]);
    }
  }

  const blobs = {
    has: (digest: Digest) => guard('read a blob', async (d) => (await d.getKey('blobs', digest)) !== undefined),
    get: (digest: Digest) => guard('read a blob', async (d) => {
      const row = (await d.get('blobs', digest)) as { bytes: Uint8Array } | undefined;
      if (!row) throw new EngineError('BLOB_NOT_FOUND', `blob ${digest} not found`, { digest });
      return row.bytes;
    }),
    async put(list: Array<{ digest: Digest; bytes: Uint8Array }>) {
      const unique = new Map(list.map((b) => [b.digest, b.bytes]));
      if (unique.size === 0) return;
      await run(`store ${unique.size} blob(s)`, ['blobs'], 'readwrite', (tx, track) => {
        const s = tx.objectStore('blobs');
        for (const [digest, bytes] of unique) {
          // getKey loads no value: a blob already there costs a lookup, not a rewrite (nor quota).
          track(s.getKey(digest).then((k) => (k === undefined ? s.put!({ digest, size: bytes.byteLength, bytes: compact(bytes) }) : undefined)));
        }
      });
    },
    async delete(digests: Digest[]) {
      if (digests.length === 0) return;
      await run(`delete ${digests.length} blob(s)`, ['blobs'], 'readwrite', (tx, track) => {
        const s = tx.objectStore('blobs');
        for (const d of digests) track(s.delete!(d));
      });
    },
    list: (): Promise<BlobInfo[]> =>
      run('list blobs', ['blobs'], 'readonly', async (tx) => {
        // A cursor rather than getAll, so blobs are not all in memory at once. It still reads
        // each value; an index on size (a schema step) would let this read keys only.
        const out: BlobInfo[] = [];
        let cur = await tx.objectStore('blobs').openCursor();
        while (cur) {
          const v = cur.value as { digest: Digest; size: number };
          out.push({ digest: v.digest, size: v.size });
          cur = await cur.continue();
        }
        return out;
      }),
  };

  const meta = {
    get: <K extends Exclude<TableName, 'entries'>>(table: K, key: string) =>
      guard(`read ${table}`, async (d) => (await d.get(table, key)) as Tables[K] | undefined),
    all: <K extends TableName>(table: K) => guard(`read ${table}`, async (d) => (await d.getAll(table)) as Array<Tables[K]>),
    entryOwners: (): Promise<string[]> =>
      run('read entry owners', ['entries'], 'readonly', async (tx) => {
        const out: string[] = [];
        let cur = await tx.objectStore('entries').index('owner').openKeyCursor(null, 'nextunique');
        while (cur) {
          out.push(cur.key as string);
          cur = await cur.continue();
        }
        return out;
      }),
    entriesOf: (owner: string) =>
      guard('read entries', async (d) => (await d.getAllFromIndex('entries', 'owner', owner)) as StoredEntry[]),
    async write(ops: MetaOp[]) {
      validateOps(ops);
      if (ops.length === 0) return;
      await run(`write ${ops.length} record(s)`, tablesOf(ops), 'readwrite', async (tx, track) => {
        for (const op of ops) {
          if (op.op === 'put') track(tx.objectStore(op.table).put!(op.value));
          else if (op.op === 'delete') track(tx.objectStore(op.table).delete!(op.key as IDBValidKey));
          else {
            // Awaiting the keys keeps op order: rows put earlier in this batch are deleted too,
            // rows put later are issued after these deletes.
            const s = tx.objectStore('entries');
            const keys = await s.index('owner').getAllKeys(op.owner);
            for (const k of keys) track(s.delete!(k));
          }
        }
      });
    },
  };

  return {
    blobs,
    meta,
    version: conn.version,
    close() {
      closed = closed ?? 'close() was called';
      conn.close();
    },
  };
}
