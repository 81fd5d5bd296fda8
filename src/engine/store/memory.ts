/**
 * In-memory Store for tests and the Node CLI. It mirrors IndexedDB semantics where
 * the engine could notice a difference: rows are structured-cloned on the way in and
 * out (a caller can't mutate stored state), reads come back in key order, a write is
 * all or nothing, and an optional byte quota fails like a full browser store.
 */
import { EngineError } from '../errors';
import type { Digest } from '../types';
import { closedError, keyOfRow, validateOps } from './ops';
import type { BlobInfo, MetaOp, StoredEntry, Store, TableName, Tables } from './types';

export interface MemoryStoreOptions {
  /** Simulated quota over blob bytes plus an estimate of row sizes. */
  quotaBytes?: number;
}

export interface MemoryStore extends Store {
  /** Change or lift (undefined) the simulated quota, e.g. to free space mid-test. */
  quotaBytes: number | undefined;
  /** Bytes counted against the quota. */
  usedBytes(): number;
}

/** Rough structured-clone size: enough to make a quota bite at a predictable point. */
function estimateSize(v: unknown): number {
  if (v === null || v === undefined) return 1;
  if (typeof v === 'string') return 2 * v.length;
  if (typeof v === 'number' || typeof v === 'bigint') return 8;
  if (typeof v === 'boolean') return 4;
  if (ArrayBuffer.isView(v)) return v.byteLength;
  if (v instanceof ArrayBuffer) return v.byteLength;
  if (v instanceof Map) {
    let n = 8;
    for (const [k, x] of v) n += estimateSize(k) + estimateSize(x);
    return n;
  }
  if (v instanceof Set) {
    let n = 8;
    for (const x of v) n += estimateSize(x);
    return n;
  }
  if (typeof v === 'object') {
    let n = 8;
    for (const [k, x] of Object.entries(v)) n += 2 * k.length + estimateSize(x);
    return n;
  }
  return 8;
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Map key of an entry row: JSON keeps [owner, path] unambiguous whatever they contain. */
const entryKey = (owner: string, path: string): string => JSON.stringify([owner, path]);

interface Row {
  value: unknown;
  size: number;
}

export function createMemoryStore(opts: MemoryStoreOptions = {}): MemoryStore {
  const blobs = new Map<Digest, Uint8Array>();
  const tables = new Map<TableName, Map<string, Row>>();
  const ownerIndex = new Map<string, Set<string>>();
  let used = 0;
  let closed = false;

  const table = (t: TableName): Map<string, Row> => {
    let m = tables.get(t);
    if (!m) tables.set(t, (m = new Map()));
    return m;
  };
  const live = (): void => {
    if (closed) throw closedError('close() was called');
  };
  const quotaError = (need: number): EngineError =>
    new EngineError('QUOTA_EXCEEDED', `The browser storage quota is full: ${need} more bytes needed, ${Math.max(0, (store.quotaBytes ?? 0) - used)} free`, {
      needed: need, used, quota: store.quotaBytes,
    });

  const store: MemoryStore = {
    quotaBytes: opts.quotaBytes,
    version: 1,
    usedBytes: () => used,
    close() {
      closed = true;
    },

    blobs: {
      async has(digest) {
        live();
        return blobs.has(digest);
      },
      async get(digest) {
        live();
        const b = blobs.get(digest);
        if (!b) throw new EngineError('BLOB_NOT_FOUND', `blob ${digest} not found in the store`, { digest });
        return b;
      },
      async put(list) {
        live();
        const fresh = new Map<Digest, Uint8Array>();
        for (const { digest, bytes } of list) if (!blobs.has(digest)) fresh.set(digest, bytes);
        let need = 0;
        for (const b of fresh.values()) need += b.byteLength;
        if (store.quotaBytes !== undefined && need > 0 && used + need > store.quotaBytes) throw quotaError(need);
        for (const [d, b] of fresh) blobs.set(d, b);
        used += need;
      },
      async delete(digests) {
        live();
        for (const d of digests) {
          const b = blobs.get(d);
          if (b) {
            used -= b.byteLength;
            blobs.delete(d);
          }
        }
      },
      async list(): Promise<BlobInfo[]> {
        live();
        return [...blobs].map(([digest, b]) => ({ digest, size: b.byteLength })).sort((a, b) => cmp(a.digest, b.digest));
      },
    },

    meta: {
      async get(t, key) {
        live();
        const row = tables.get(t)?.get(key);
        return row ? structuredClone(row.value as Tables[typeof t]) : undefined;
      },
      async all<K extends TableName>(t: K): Promise<Array<Tables[K]>> {
        live();
        const rows = [...(tables.get(t)?.entries() ?? [])];
        if (t === 'entries') {
          const e = (r: [string, Row]) => r[1].value as StoredEntry;
          rows.sort((a, b) => cmp(e(a).owner, e(b).owner) || cmp(e(a).path, e(b).path));
        } else {
          rows.sort((a, b) => cmp(a[0], b[0]));
        }
        return rows.map(([, r]) => structuredClone(r.value as Tables[K]));
      },
      async entryOwners() {
        live();
        return [...ownerIndex].filter(([, keys]) => keys.size > 0).map(([o]) => o).sort(cmp);
      },
      async entriesOf(owner) {
        live();
        const m = table('entries');
        return [...(ownerIndex.get(owner) ?? [])]
          .map((k) => m.get(k)!.value as StoredEntry)
          .sort((a, b) => cmp(a.path, b.path))
          .map((e) => structuredClone(e));
      },
      async write(ops: MetaOp[]) {
        live();
        validateOps(ops);
        // Stage every change against an overlay first, so a quota failure leaves no trace.
        const staged = new Map<string, { t: TableName; k: string; row: Row | undefined }>();
        const sid = (t: TableName, k: string) => `${t}\n${k}`;
        for (const op of ops) {
          if (op.op === 'put') {
            const key = keyOfRow(op.table, op.value)!;
            const k = typeof key === 'string' ? key : entryKey(...key);
            const value = structuredClone(op.value);
            staged.set(sid(op.table, k), { t: op.table, k, row: { value, size: estimateSize(value) } });
          } else if (op.op === 'delete') {
            const k = op.table === 'entries' ? entryKey(...(op.key as [string, string])) : (op.key as string);
            staged.set(sid(op.table, k), { t: op.table, k, row: undefined });
          } else {
            const doomed = new Set(ownerIndex.get(op.owner) ?? []);
            for (const s of staged.values()) {
              if (s.t === 'entries' && s.row && (s.row.value as StoredEntry).owner === op.owner) doomed.add(s.k);
            }
            for (const k of doomed) staged.set(sid('entries', k), { t: 'entries', k, row: undefined });
          }
        }
        let delta = 0;
        for (const s of staged.values()) delta += (s.row?.size ?? 0) - (tables.get(s.t)?.get(s.k)?.size ?? 0);
        if (store.quotaBytes !== undefined && delta > 0 && used + delta > store.quotaBytes) throw quotaError(delta);

        for (const { t, k, row } of staged.values()) {
          const m = table(t);
          const old = m.get(k);
          if (t === 'entries') {
            const oldOwner = (old?.value as StoredEntry | undefined)?.owner;
            if (oldOwner !== undefined) {
              const set = ownerIndex.get(oldOwner)!;
              set.delete(k);
              if (set.size === 0) ownerIndex.delete(oldOwner);
            }
            if (row) {
              const owner = (row.value as StoredEntry).owner;
              let set = ownerIndex.get(owner);
              if (!set) ownerIndex.set(owner, (set = new Set()));
              set.add(k);
            }
          }
          if (row) m.set(k, row);
          else m.delete(k);
        }
        used += delta;
      },
    },
  };
  return store;
}
