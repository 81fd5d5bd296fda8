/**
 * A ZenFS file system whose storage is a Layerlab `UnionView`.
 *
 * The engine owns layers and storage; ZenFS is only the API face that gives the
 * shell Node's `fs` (sync, callback and promise APIs, file descriptors, streams)
 * over a container's union file system.
 *
 * How ZenFS drives a backend (read from @zenfs/core 2.7.6, and relied on here):
 * - Paths are absolute inside the mount. The VFS resolves symlinks itself: it calls
 *   `statSync` (which must NOT follow a final symlink: it is lstat), sees S_IFLNK
 *   and reads the link's target with `readSync`. So `statSync` = `view.lstat` and
 *   reading a symlink's "content" returns its target.
 * - `fs.symlink` creates a regular file, writes the target into it and then
 *   chmods the handle to S_IFLNK; the change reaches the backend as `touch` with
 *   a S_IFLNK mode on a regular file, which we turn into `view.symlink`.
 * - File data goes through a per-inode page cache (VNode): writes are kept there and
 *   reach the backend as `writeSync(path, chunk, offset)` when the handle is
 *   synced or closed, followed by `touch(path, inode)` with the handle's metadata
 *   (mode, uid, gid, size, times). Truncation arrives as `touch` with a new size.
 *   chmod/chown/utimes also arrive as `touch`.
 * - Errors must be kerium `Exception`s (exported as `ErrnoError`) so callers get
 *   `err.code === 'ENOENT'` etc.; the VFS adds the caller's path/syscall.
 *
 * The VFS caches inodes by `ino` while a handle is open (and while dirty), so the
 * view's `ino` must be unique per file (hard links share it) — UnionView promises
 * exactly that.
 */
import {
  FileSystem,
  Sync,
  bindContext,
  boundContexts,
  configureSync,
  mount,
  mounts,
  normalizeTime,
  umount,
  vfs,
  type Backend,
  type BoundContext,
  type CreationOptions,
  type FSContext,
  type InodeLike,
} from '@zenfs/core';
import type { UnionView, FsStat } from '../union/types';
import { toZenfsError, zenfsError } from './errors';

export const S_IFMT = 0o170000;
export const S_IFREG = 0o100000;
export const S_IFDIR = 0o040000;
export const S_IFLNK = 0o120000;

const TYPE_BITS: Record<FsStat['type'], number> = { file: S_IFREG, dir: S_IFDIR, symlink: S_IFLNK };

/** ZenFS `FileSystem.type` id for this backend ("LLUF"). */
const UNION_FS_TYPE = 0x4c4c5546;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export interface UnionFileSystemOptions {
  /** Label shown by ZenFS (`toString()`, logs). */
  label?: string;
  /**
   * Creation mask applied to new files and directories, as the kernel does. ZenFS has
   * no umask of its own (`fs.mkdirSync(p)` asks for 0o777), so without this every new
   * directory would be 0777. Default 0o022.
   */
  umask?: number;
}

/** Build the ZenFS inode (a plain object: ZenFS only reads/writes its fields) for a view stat. */
export function inodeFromStat(st: FsStat, size = st.size): InodeLike {
  const ms = st.mtime * 1000;
  return {
    ino: st.ino,
    mode: TYPE_BITS[st.type] | (st.mode & 0o7777),
    size,
    uid: st.uid,
    gid: st.gid,
    nlink: st.nlink,
    atimeMs: ms,
    mtimeMs: ms,
    ctimeMs: ms,
    birthtimeMs: ms,
    rdev: 0,
    flags: 0,
    version: 0,
    data: 0,
  };
}

/**
 * ZenFS backend over a UnionView. Implements the synchronous API; the `Sync` mixin
 * derives the asynchronous one from it (UnionView is synchronous).
 */
export class UnionFileSystem extends Sync(FileSystem) {
  readonly view: UnionView;
  readonly umask: number;
  /**
   * Paths whose content the VFS just wrote through `writeSync`. The `touch` that
   * follows a data sync carries `mtimeMs = Date.now()` from ZenFS's page cache; the
   * view already stamped the write with the engine clock, so that mtime is skipped
   * (keeps share-link replays deterministic).
   */
  private readonly dataWritten = new Set<string>();

  constructor(view: UnionView, options: UnionFileSystemOptions = {}) {
    super(UNION_FS_TYPE, 'layerlab-union');
    this.view = view;
    this.umask = options.umask ?? 0o022;
    if (options.label !== undefined) this.label = options.label;
    // Reads must not dirty the inode (atime): it would turn every read into a touch.
    this.attributes.set('no_atime');
  }

  /** Run a view operation, translating EngineErrors into ZenFS errno exceptions. */
  private op<T>(syscall: string, path: string, fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      throw toZenfsError(err, syscall, path);
    }
  }

  private inodeOf(path: string, syscall = 'stat'): InodeLike {
    return this.op(syscall, path, () => {
      const st = this.view.lstat(path);
      // ZenFS reads `size` bytes of a symlink to get its target: make it the target's byte length.
      const size = st.type === 'symlink' ? encoder.encode(this.view.readlink(path)).byteLength : st.size;
      return inodeFromStat(st, size);
    });
  }

  /** Bytes of a file, or a symlink's target (what ZenFS expects to read from a link). */
  private contentOf(path: string, syscall: string): Uint8Array {
    return this.op(syscall, path, () => {
      const st = this.view.lstat(path);
      if (st.type === 'symlink') return encoder.encode(this.view.readlink(path));
      if (st.type === 'dir') throw zenfsError('EISDIR', syscall, path);
      return this.view.readFile(path);
    });
  }

  /** Give a new entry the owner ZenFS asked for (the context's euid/egid) if the view chose another. */
  private adoptOwner(path: string, syscall: string, options: CreationOptions): void {
    const st = this.view.lstat(path);
    const uid = options.uid ?? st.uid;
    const gid = options.gid ?? st.gid;
    if (st.type !== 'symlink' && (uid !== st.uid || gid !== st.gid)) {
      this.op(syscall, path, () => this.view.chown(path, uid, gid));
    }
  }

  override renameSync(oldPath: string, newPath: string): void {
    this.op('rename', oldPath, () => this.view.rename(oldPath, newPath));
    this.dataWritten.delete(oldPath);
  }

  override statSync(path: string): InodeLike {
    return this.inodeOf(path);
  }

  override existsSync(path: string): boolean {
    try {
      this.view.lstat(path);
      return true;
    } catch {
      return false;
    }
  }

  override touchSync(path: string, metadata: Partial<InodeLike>): void {
    this.op('touch', path, () => {
      const st = this.view.lstat(path);
      let contentChanged = this.dataWritten.delete(path);

      // fs.symlink: a regular file holding the target, then chmod(S_IFLNK).
      if (metadata.mode !== undefined && (metadata.mode & S_IFMT) === S_IFLNK && st.type === 'file') {
        const target = decoder.decode(this.view.readFile(path));
        this.view.unlink(path);
        this.view.symlink(target, path);
        return;
      }
      // UnionView has no lchmod/lchown/lutimes (its chmod/chown/utimes follow links):
      // leave symlinks alone rather than change their target's metadata.
      if (st.type === 'symlink') return;

      if (metadata.size !== undefined && st.type === 'file' && metadata.size !== st.size) {
        this.view.truncate(path, metadata.size);
        contentChanged = true;
      }
      if (metadata.mode !== undefined) {
        const perm = metadata.mode & 0o7777;
        if (perm !== st.mode) this.view.chmod(path, perm);
      }
      if (metadata.uid !== undefined || metadata.gid !== undefined) {
        const uid = metadata.uid ?? st.uid;
        const gid = metadata.gid ?? st.gid;
        if (uid !== st.uid || gid !== st.gid) this.view.chown(path, uid, gid);
      }
      if (!contentChanged && metadata.mtimeMs !== undefined) {
        const mtime = Math.floor(metadata.mtimeMs / 1000);
        if (mtime !== st.mtime) {
          const atime = metadata.atimeMs !== undefined ? Math.floor(metadata.atimeMs / 1000) : mtime;
          this.view.utimes(path, atime, mtime);
        }
      }
    });
  }

  override createFileSync(path: string, options: CreationOptions): InodeLike {
    if ((options.mode & S_IFMT) === S_IFDIR) return this.mkdirSync(path, options);
    this.op('open', path, () => {
      if (this.existsSync(path)) throw zenfsError('EEXIST', 'open', path);
      this.view.writeFile(path, new Uint8Array(0), { mode: options.mode & 0o7777 & ~this.umask });
      this.adoptOwner(path, 'open', options);
    });
    return this.inodeOf(path, 'open');
  }

  override unlinkSync(path: string): void {
    this.op('unlink', path, () => this.view.unlink(path));
    this.dataWritten.delete(path);
  }

  override rmdirSync(path: string): void {
    this.op('rmdir', path, () => this.view.rmdir(path));
  }

  override mkdirSync(path: string, options: CreationOptions): InodeLike {
    this.op('mkdir', path, () => {
      this.view.mkdir(path, options.mode & 0o7777 & ~this.umask);
      this.adoptOwner(path, 'mkdir', options);
    });
    return this.inodeOf(path, 'mkdir');
  }

  override readdirSync(path: string): string[] {
    return this.op('scandir', path, () => this.view.readdir(path));
  }

  override linkSync(target: string, link: string): void {
    this.op('link', target, () => this.view.link(target, link));
  }

  /** Nothing is buffered here; persisting the writable layer is the engine's `flush()`. */
  override syncSync(): void {}

  override readSync(path: string, buffer: Uint8Array, start: number, end: number): void {
    const data = this.contentOf(path, 'read');
    const stop = Math.min(end, data.byteLength, start + buffer.byteLength);
    const n = Math.max(0, stop - start);
    if (n > 0) buffer.set(data.subarray(start, stop));
    // Past EOF (a hole left by an extending truncate) reads as zeroes.
    if (n < buffer.byteLength) buffer.fill(0, n);
  }

  override writeSync(path: string, buffer: Uint8Array, offset: number): void {
    this.op('write', path, () => {
      const st = this.view.lstat(path);
      if (st.type === 'dir') throw zenfsError('EISDIR', 'write', path);
      const old = st.type === 'symlink' ? encoder.encode(this.view.readlink(path)) : this.view.readFile(path);
      const end = offset + buffer.byteLength;
      let out: Uint8Array;
      if (offset === 0 && end >= old.byteLength) {
        out = buffer.slice();
      } else {
        // Content arrays are shared and immutable: build a new one.
        out = new Uint8Array(Math.max(old.byteLength, end));
        out.set(old);
        out.set(buffer, offset);
      }
      if (st.type === 'symlink') {
        // Only reachable when a link's target is rewritten through a handle.
        this.view.unlink(path);
        this.view.symlink(decoder.decode(out), path);
        return;
      }
      this.view.writeFile(path, out);
      this.dataWritten.add(path);
    });
  }
}

/** Create the ZenFS file system (backend instance) for a view. */
export function createZenfsForView(view: UnionView, options?: UnionFileSystemOptions): UnionFileSystem {
  return new UnionFileSystem(view, options);
}

export interface UnionBackendOptions extends UnionFileSystemOptions {
  view: UnionView;
}

/** The backend descriptor, for `configure({ mounts: { '/c': { backend: UnionBackend, view } } })`. */
export const UnionBackend = {
  name: 'LayerlabUnion',
  options: {
    view: { type: 'object', required: true },
    label: { type: 'string', required: false },
    umask: { type: 'number', required: false },
  },
  create(options: UnionBackendOptions): UnionFileSystem {
    return new UnionFileSystem(options.view, options);
  },
} as const satisfies Backend<UnionFileSystem, UnionBackendOptions>;

/**
 * Mount a view on ZenFS's global (default) context, e.g. `mountView('/containers/abc', view)`.
 * Note: absolute symlink targets inside the view are then resolved against the
 * global root, not the container's — prefer `createViewContext` for a container.
 */
export function mountView(path: string, view: UnionView, options?: UnionFileSystemOptions): UnionFileSystem {
  const fs = createZenfsForView(view, options);
  mount(path, fs);
  return fs;
}

/** Unmount what `mountView` mounted (flushes ZenFS's cached writes into the view first). */
export function unmountView(path: string): void {
  umount(path);
}

/** Whether a path is a mount point of the global context. */
export function isMounted(path: string): boolean {
  return mounts.has(path);
}

export interface ViewContextOptions extends UnionFileSystemOptions {
  /** Working directory of the context (default "/"). */
  pwd?: string;
  /** Process credentials ZenFS uses for access checks and new files' owner (default root). */
  credentials?: { uid: number; gid: number; groups?: number[] };
  /** More file systems to mount in this container's namespace (e.g. a /proc). */
  mounts?: Record<string, FileSystem>;
}

/** A container's own fs namespace: its view mounted at "/" of a private ZenFS context. */
export interface ViewContext {
  /** The bound ZenFS context (root "/", own mount table, own fds, own credentials). */
  readonly context: BoundContext;
  /** Node's fs API bound to the context: `fs.readFileSync('/etc/os-release')`, `fs.promises`... */
  readonly fs: BoundContext['fs'];
  /** The backend mounted at "/". */
  readonly backend: UnionFileSystem;
  /** chmod/chown/utimes that also work on directories with the sync API (see `metadataOps`). */
  readonly meta: MetadataOps;
  /** Close open fds (syncing their data into the view), unmount, and forget the context. */
  dispose(): void;
}

/**
 * Give a container its own '/': a ZenFS context whose mount table holds only the
 * view at "/" (plus `options.mounts`). Absolute symlinks (`/bin/sh -> /bin/busybox`)
 * resolve inside the container, fds and cwd are per context, and the global
 * `fs` from @zenfs/core is untouched.
 */
export function createViewContext(view: UnionView, options: ViewContextOptions = {}): ViewContext {
  const backend = createZenfsForView(view, options);
  const cred = options.credentials;
  const context = bindContext({
    root: '/',
    pwd: options.pwd ?? '/',
    credentials: cred
      ? { uid: cred.uid, gid: cred.gid, euid: cred.uid, egid: cred.gid, suid: cred.uid, sgid: cred.gid, groups: cred.groups ?? [] }
      : { uid: 0, gid: 0 },
    mounts: { ...options.mounts, '/': backend },
  });
  let disposed = false;
  return {
    context,
    fs: context.fs,
    backend,
    meta: metadataOps(context),
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const handle of [...context.descriptors.values()]) {
        try {
          handle.closeSync();
        } catch {
          // already closed or failing to sync: nothing more we can do on teardown
        }
      }
      context.descriptors.clear();
      umount.call(context, '/');
      boundContexts.delete(context.id);
    },
  };
}

/**
 * Turn ZenFS's own permission checks on or off (global, all contexts; on by default).
 *
 * ZenFS checks access with the context's credentials, with some non-POSIX rules:
 * unlink needs write permission on the *file* (not its directory), rename needs
 * read on the source directory, and any credential with uid 0 OR gid 0 is root.
 * When the views are given the process credentials (`view.withCredentials(cred)`)
 * and enforce permissions themselves, turning ZenFS's checks off leaves the
 * kernel-like rules to the engine. (Also resets the global context's credentials
 * to root, which is what they are by default.)
 */
export function setAccessChecks(enabled: boolean): void {
  configureSync({ disableAccessChecks: !enabled });
}

/**
 * Sync chmod/chown/utimes that work on directories too.
 *
 * ZenFS 2.7.6 quirk: `fs.chmodSync`, `fs.chownSync` and `fs.utimesSync` open the
 * path with `openSync(path, 'r+')`, which throws EISDIR for a directory (the
 * promise versions work). These helpers open with `allowDirectory` through the VFS
 * and change metadata on the handle, exactly as the promise API does.
 */
export interface MetadataOps {
  chmod(path: string, mode: number): void;
  chown(path: string, uid: number, gid: number): void;
  /** chown without following a final symlink (a no-op on symlinks: UnionView has no lchown). */
  lchown(path: string, uid: number, gid: number): void;
  /** Times as Node takes them: Date, or seconds since the epoch. */
  utimes(path: string, atime: Date | number, mtime: Date | number): void;
  lutimes(path: string, atime: Date | number, mtime: Date | number): void;
}

export function metadataOps(context?: FSContext): MetadataOps {
  const withHandle = (path: string, follow: boolean, fn: (h: vfs.Handle) => void): void => {
    const handle = vfs.sync.open(context, path, { flag: 'r', mode: 0, allowDirectory: true, preserveSymlinks: !follow });
    try {
      fn(handle);
    } finally {
      handle.closeSync();
    }
  };
  return {
    chmod: (path, mode) => withHandle(path, true, (h) => h.chmodSync(mode & 0o7777)),
    chown: (path, uid, gid) => withHandle(path, true, (h) => h.chownSync(uid, gid)),
    lchown: (path, uid, gid) => withHandle(path, false, (h) => h.chownSync(uid, gid)),
    utimes: (path, atime, mtime) => withHandle(path, true, (h) => h.utimesSync(normalizeTime(atime), normalizeTime(mtime))),
    lutimes: (path, atime, mtime) => withHandle(path, false, (h) => h.utimesSync(normalizeTime(atime), normalizeTime(mtime))),
  };
}
