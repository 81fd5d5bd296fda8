/**
 * The file-system face of the engine: what a container (or an image at a given
 * layer) looks like. All calls are synchronous and in-memory: the layers an
 * overlay needs are loaded before it is created, and writes are persisted in
 * batches by `flush()` (see WritableLayer). Errors are EngineError with errno codes
 * (ENOENT, ENOTDIR, EISDIR, ENOTEMPTY, EEXIST, EACCES, ELOOP, EINVAL, EXDEV...).
 *
 * Paths given to these methods are absolute inside the container root. Symlinks
 * are resolved inside that root: ".." never climbs above "/", and an absolute
 * target is taken relative to the container root.
 */
import type { EntryType, LayerChanges, TreeEntry } from '../types';

export interface FsStat {
  type: Exclude<EntryType, 'hardlink'>;
  mode: number; // permission bits only
  uid: number;
  gid: number;
  mtime: number; // seconds
  size: number;
  /** Stable per path within one view; hard links share it. */
  ino: number;
  nlink: number;
}

export interface Credentials {
  uid: number;
  gid: number;
  groups?: number[];
}

/** Where a visible path comes from: which layer, or the writable layer, or a mount. */
export type Origin =
  | { kind: 'layer'; index: number } // 0 = bottom layer of the image
  | { kind: 'upper' }
  | { kind: 'mount'; destination: string };

export interface DiffLine {
  kind: 'A' | 'C' | 'D';
  path: string;
}

/** A read-only tree: one layer's merged view (an image at some layer). */
export interface ReadTree {
  /** The entry at `path` without following a final symlink, or undefined. */
  get(path: string): TreeEntry | undefined;
  /** Names (not paths) directly under a directory, sorted; [] for a missing dir. */
  children(dir: string): string[];
  /** Which layer index supplied the entry (for explorers and tests). */
  originOf(path: string): number | undefined;
  /** Number of entries (for benchmarks and explorers). */
  readonly size: number;
}

export interface UnionView {
  lstat(path: string): FsStat;
  stat(path: string): FsStat;
  exists(path: string): boolean;
  readFile(path: string): Uint8Array;
  /** Create or replace a file's content (copy-up on first change of a lower file). */
  writeFile(path: string, data: Uint8Array, opts?: { mode?: number; append?: boolean }): void;
  truncate(path: string, length: number): void;
  mkdir(path: string, mode?: number, opts?: { recursive?: boolean }): void;
  readdir(path: string): string[];
  unlink(path: string): void;
  rmdir(path: string): void;
  /** Remove a file or a whole tree (rm -rf) in one call. */
  rm(path: string, opts?: { recursive?: boolean; force?: boolean }): void;
  rename(from: string, to: string): void;
  symlink(target: string, path: string): void;
  readlink(path: string): string;
  link(existing: string, newPath: string): void;
  chmod(path: string, mode: number): void;
  chown(path: string, uid: number, gid: number): void;
  utimes(path: string, atime: number, mtime: number): void;
  /** Resolve symlinks and "..", confined to the root. */
  realpath(path: string): string;
  /** Which layer / upper / mount a visible path comes from. */
  origin(path: string): Origin | undefined;
  /** Run the following calls with these credentials (permission checks); root (0) bypasses. */
  withCredentials(cred: Credentials): UnionView;
}

/** The container's view plus what docker diff / commit / export need. */
export interface ContainerFS extends UnionView {
  /** docker diff: A/C/D lines in docker's order. Mounts never appear. */
  diff(): DiffLine[];
  /** The writable layer as an OCI changeset (for commit). Mounts never appear. */
  changes(): LayerChanges;
  /** Every visible entry of the merged tree, without mounts (for export), sorted by path. */
  walk(): Iterable<[string, TreeEntry]>;
  /** Persist dirty writable-layer and mount entries in one transaction. */
  flush(): Promise<void>;
  /** Bumped on every change: explorers poll it to refresh a live layer. */
  readonly generation: number;
}
