/**
 * Storage is injected: the engine sees only these two interfaces. There is an
 * IndexedDB implementation (the browser) and an in-memory one (tests, Node CLI).
 *
 * Ordering rule the engine relies on: a blob is put (and its put has resolved)
 * before any metadata write that references it. Metadata writes given to one
 * `write()` call happen in one transaction: all or nothing.
 */
import type { ContainerRecord, Digest, ImageRecord, LayerRecord, TreeEntry, VolumeRecord } from '../types';

export interface BlobInfo {
  digest: Digest;
  size: number;
}

export interface BlobStore {
  has(digest: Digest): Promise<boolean>;
  /** Throws EngineError BLOB_NOT_FOUND when absent. */
  get(digest: Digest): Promise<Uint8Array>;
  /**
   * Store blobs in one transaction. The caller computed the digests; the store
   * does not re-hash (the engine verifies content on import). Putting an existing
   * digest is a no-op. Throws QUOTA_EXCEEDED (and writes nothing) when full.
   */
  put(blobs: Array<{ digest: Digest; bytes: Uint8Array }>): Promise<void>;
  delete(digests: Digest[]): Promise<void>;
  list(): Promise<BlobInfo[]>;
}

/** A file inside a container's writable layer or a volume, keyed by owner + absolute path. */
export interface StoredEntry {
  /** Container id (writable layer), `volume:<name>` or `mounts:<containerId>`. */
  owner: string;
  path: string;
  /** The entry, or a whiteout / opaque marker in a writable layer. */
  entry: TreeEntry | null;
  whiteout?: boolean;
  opaque?: boolean;
}

/** Name -> row type of every metadata table. */
export interface Tables {
  images: ImageRecord; // key: id
  tags: { ref: string; image: Digest }; // key: ref ("nginx:latest")
  layers: LayerRecord; // key: diffID
  containers: ContainerRecord; // key: id
  volumes: VolumeRecord; // key: name
  entries: StoredEntry; // key: [owner, path]
  kv: { key: string; value: unknown }; // key: key (settings, shell history, counters)
}
export type TableName = keyof Tables;

export type MetaOp =
  | { [K in TableName]: { op: 'put'; table: K; value: Tables[K] } }[TableName]
  | { op: 'delete'; table: Exclude<TableName, 'entries'>; key: string }
  | { op: 'delete'; table: 'entries'; key: [string, string] }
  /** Delete every entry row of one owner (a removed container or volume). */
  | { op: 'deleteOwner'; owner: string };

export interface MetaStore {
  get<K extends Exclude<TableName, 'entries'>>(table: K, key: string): Promise<Tables[K] | undefined>;
  all<K extends TableName>(table: K): Promise<Array<Tables[K]>>;
  /** Distinct owners that have entry rows (without loading the rows and their file data). */
  entryOwners(): Promise<string[]>;
  /** All entry rows of one owner. */
  entriesOf(owner: string): Promise<StoredEntry[]>;
  /** Apply all ops in one transaction: all or nothing. Throws QUOTA_EXCEEDED (nothing applied) when full. */
  write(ops: MetaOp[]): Promise<void>;
}

export interface Store {
  blobs: BlobStore;
  meta: MetaStore;
  /** Schema version the store was opened at. */
  readonly version: number;
  close(): void;
}
