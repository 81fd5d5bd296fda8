/**
 * A container's root filesystem: mounts, then the writable (upper) layer, then the
 * image's merged lower tree — overlayfs semantics as docker uses them. The first
 * change to a lower file copies it up whole, with its ancestor directories; a
 * delete of something below leaves a whiteout; a directory re-created over a
 * whiteout becomes opaque. Everything is synchronous and in memory; `flush()`
 * persists the dirty rows of the upper layer and of the mounts in one transaction.
 */
import { fsError, type ErrorCode } from '../errors';
import type { MetaOp, StoredEntry } from '../store/types';
import type { LayerChanges, TreeEntry } from '../types';
import { MountTree } from './mount';
import { resolveHardlink } from './merged';
import { ancestors, baseName, comparePaths, isWithin, joinPath, normalizePath, parentOf } from './paths';
import type { ContainerFS, Credentials, DiffLine, FsStat, Origin, ReadTree } from './types';

export { MountTree };

type UpperNode = { entry: TreeEntry } | { whiteout: true };

export interface ContainerFSOptions {
  /** The image's merged layers (buildMergedTree); never written to. */
  lower: ReadTree;
  /** Persistence owner of the writable layer: the container id. */
  owner: string;
  /** Stored rows of a writable layer to restore after a reload (meta.entriesOf(owner)). */
  upper?: StoredEntry[];
  /**
   * Volumes and generated files, by absolute destination. A tree may be shared by
   * several containers (a named volume); it persists under its own owner.
   */
  mounts?: Array<{ destination: string; tree: MountTree }>;
  /** Writes one batch of entry rows in one transaction (meta.write). */
  persist: (ops: MetaOp[]) => Promise<void>;
  /** Clock for mtimes, in whole seconds. */
  now: () => Date;
}

interface State {
  lower: ReadTree;
  owner: string;
  upper: Map<string, UpperNode>;
  upperKids: Map<string, Set<string>>;
  opaque: Set<string>;
  mounts: Array<{ destination: string; tree: MountTree }>;
  dirty: Set<string>;
  inodes: Map<string, number>;
  persist: (ops: MetaOp[]) => Promise<void>;
  now: () => Date;
  generation: number;
}

const MAX_HOPS = 40;
const ROOT: Credentials = { uid: 0, gid: 0 };
const MOUNT_PARENT: TreeEntry = { type: 'dir', mode: 0o755, uid: 0, gid: 0, mtime: 0 };

export function createContainerFS(opts: ContainerFSOptions): ContainerFS {
  const st: State = {
    lower: opts.lower, owner: opts.owner, upper: new Map(), upperKids: new Map(), opaque: new Set(),
    mounts: [...(opts.mounts ?? [])].sort((a, b) => b.destination.length - a.destination.length),
    dirty: new Set(), inodes: new Map(), persist: opts.persist, now: opts.now, generation: 0,
  };
  const fs = new Overlay(st, ROOT);
  for (const r of (opts.upper ?? []).sort((a, b) => comparePaths(a.path, b.path))) {
    if (r.whiteout) fs.setUpper(r.path, { whiteout: true });
    else if (r.entry) fs.setUpper(r.path, { entry: r.entry });
    if (r.opaque) st.opaque.add(r.path);
  }
  st.dirty.clear();
  st.generation = 0;
  return fs;
}

class Overlay implements ContainerFS {
  constructor(private st: State, private cred: Credentials) {}

  get generation(): number {
    return this.st.generation + this.st.mounts.reduce((n, m) => n + m.tree.generation, 0);
  }

  withCredentials(cred: Credentials): Overlay {
    return new Overlay(this.st, cred);
  }

  // ---- raw lookups (no symlink resolution) ---------------------------------

  private mountOf(path: string): { destination: string; tree: MountTree; rel: string } | undefined {
    for (const m of this.st.mounts) {
      if (isWithin(path, m.destination)) return { ...m, rel: path === m.destination ? '/' : path.slice(m.destination === '/' ? 0 : m.destination.length) };
    }
    return undefined;
  }

  /** True when the upper layer hides the lower tree at `path` through an ancestor. */
  private hiddenByAncestor(path: string): boolean {
    for (const a of ancestors(path)) {
      const u = this.st.upper.get(a);
      if (u && ('whiteout' in u || u.entry.type !== 'dir')) return true;
      if (this.st.opaque.has(a)) return true;
    }
    return false;
  }

  /** The lower entry still visible beneath the upper layer's ancestors. */
  private lowerAt(path: string): TreeEntry | undefined {
    const e = this.st.lower.get(path);
    return e && !this.hiddenByAncestor(path) ? e : undefined;
  }

  /** Upper then lower, ignoring mounts. */
  private beneath(path: string): TreeEntry | undefined {
    const u = this.st.upper.get(path);
    if (u) return 'whiteout' in u ? undefined : u.entry;
    return this.lowerAt(path);
  }

  private raw(path: string): TreeEntry | undefined {
    const m = this.mountOf(path);
    if (m) return m.tree.get(m.rel);
    const e = this.beneath(path);
    if (e) return e;
    // docker creates missing mount-point parents in the container's init layer,
    // which diff and commit never see; we show them the same way.
    if (this.st.mounts.some((mt) => mt.destination !== path && isWithin(mt.destination, path))) return MOUNT_PARENT;
    return undefined;
  }

  private childrenBeneath(dir: string): string[] {
    const names = new Set<string>();
    const u = this.st.upper.get(dir);
    const lowerVisible = !(u && 'whiteout' in u) && !this.st.opaque.has(dir) && !this.hiddenByAncestor(dir);
    if (lowerVisible) for (const n of this.st.lower.children(dir)) names.add(n);
    for (const n of this.st.upperKids.get(dir) ?? []) {
      const node = this.st.upper.get(joinPath(dir, n));
      if (node && 'whiteout' in node) names.delete(n);
      else names.add(n);
    }
    return [...names].sort();
  }

  private rawChildren(dir: string): string[] {
    const m = this.mountOf(dir);
    const names = new Set(m ? m.tree.children(m.rel) : this.childrenBeneath(dir));
    for (const mt of this.st.mounts) {
      if (mt.destination === dir || !isWithin(mt.destination, dir)) continue;
      names.add(mt.destination.slice(dir === '/' ? 1 : dir.length + 1).split('/')[0]);
    }
    return [...names].sort();
  }

  /**
   * Follow a hard link to the entry holding its content. Image hard links resolve in
   * the immutable lower tree: overlayfs breaks a link on copy-up, so a change to the
   * target inside the container must not show through the other name.
   */
  private content(e: TreeEntry): TreeEntry {
    if (e.type !== 'hardlink') return e;
    const t = resolveHardlink(this.st.lower, e) ?? this.beneath(e.target ?? '/');
    return t && t.type !== 'hardlink' ? t : { ...e, type: 'file', data: new Uint8Array(0) };
  }

  /** What gets written to the upper layer: hard links become files of their own. */
  private materialize(e: TreeEntry): TreeEntry {
    if (e.type !== 'hardlink') return e;
    const c = this.content(e);
    return { type: 'file', mode: c.mode, uid: c.uid, gid: c.gid, mtime: c.mtime, data: c.data ?? new Uint8Array(0) };
  }

  // ---- resolution -------------------------------------------------------------

  private can(e: TreeEntry, bit: 4 | 2 | 1): boolean {
    const c = this.cred;
    if (c.uid === 0) return true;
    if (c.uid === e.uid) return ((e.mode >> 6) & bit) !== 0;
    if (c.gid === e.gid || (c.groups ?? []).includes(e.gid)) return ((e.mode >> 3) & bit) !== 0;
    return (e.mode & bit) !== 0;
  }

  /**
   * Resolve symlinks inside the root. Returns the final path (and its entry, which
   * may be missing); throws for a missing or non-directory intermediate component.
   */
  private resolve(input: string, followFinal: boolean, syscall: string): { path: string; entry: TreeEntry | undefined } {
    // ".." is resolved component by component, not lexically: "/link/.." is the
    // parent of the link's target, as the kernel sees it.
    let pending = input.split('/').filter((p) => p !== '' && p !== '.');
    let cur = '/';
    let hops = 0;
    while (pending.length > 0) {
      const name = pending.shift()!;
      const dirEntry = this.raw(cur);
      if (!dirEntry) throw fsError('ENOENT', syscall, input);
      if (dirEntry.type !== 'dir') throw fsError('ENOTDIR', syscall, input);
      if (!this.can(dirEntry, 1)) throw fsError('EACCES', syscall, input);
      if (name === '..') {
        cur = parentOf(cur);
        continue;
      }
      const next = joinPath(cur, name);
      const e = this.raw(next);
      if (e && e.type === 'symlink' && (pending.length > 0 || followFinal)) {
        if (++hops > MAX_HOPS) throw fsError('ELOOP', syscall, input);
        const target = e.target ?? '';
        if (target === '') throw fsError('ENOENT', syscall, input);
        const parts = target.split('/').filter((p) => p !== '' && p !== '.');
        if (target.startsWith('/')) cur = '/';
        pending = [...parts, ...pending];
        continue;
      }
      cur = next;
    }
    return { path: cur, entry: this.raw(cur) };
  }

  private existing(path: string, follow: boolean, syscall: string): { path: string; entry: TreeEntry } {
    const r = this.resolve(path, follow, syscall);
    if (!r.entry) throw fsError('ENOENT', syscall, path);
    return { path: r.path, entry: r.entry };
  }

  /** Resolve the parent of `path` (following links) and check we may change it. */
  private parentForChange(path: string, syscall: string): { dir: string; dirEntry: TreeEntry; target: string } {
    const norm = normalizePath(path);
    if (norm === '/') throw fsError('EBUSY', syscall, path);
    const p = this.existing(parentOf(norm), true, syscall);
    if (p.entry.type !== 'dir') throw fsError('ENOTDIR', syscall, path);
    if (!this.can(p.entry, 2) || !this.can(p.entry, 1)) throw fsError('EACCES', syscall, path);
    return { dir: p.path, dirEntry: p.entry, target: joinPath(p.path, baseName(norm)) };
  }

  // ---- mutation primitives ------------------------------------------------

  setUpper(path: string, node: UpperNode): void {
    this.st.upper.set(path, node);
    if (path !== '/') {
      const dir = parentOf(path);
      let kids = this.st.upperKids.get(dir);
      if (!kids) this.st.upperKids.set(dir, (kids = new Set()));
      kids.add(baseName(path));
    }
    this.st.dirty.add(path);
  }

  private dropUpper(path: string): void {
    for (const n of this.st.upperKids.get(path) ?? []) this.dropUpper(joinPath(path, n));
    this.st.upperKids.delete(path);
    if (this.st.upper.delete(path) || this.st.opaque.delete(path)) this.st.dirty.add(path);
    this.st.upperKids.get(parentOf(path))?.delete(baseName(path));
  }

  /** Copy ancestors into the upper layer (metadata only), as overlayfs does on copy-up. */
  private copyUpAncestors(path: string): void {
    for (const a of ancestors(path).reverse()) {
      if (a === '/' || this.st.upper.has(a)) continue;
      const e = this.lowerAt(a) ?? (this.raw(a) === MOUNT_PARENT ? MOUNT_PARENT : undefined);
      if (e) this.setUpper(a, { entry: { ...e } });
    }
  }

  private touchDir(dir: string, now: number): void {
    if (this.mountOf(dir)) {
      const m = this.mountOf(dir)!;
      const e = m.tree.get(m.rel);
      if (e) m.tree.set(m.rel, { ...e, mtime: now });
      return;
    }
    if (dir === '/') return;
    const e = this.beneath(dir);
    if (!e) return;
    this.copyUpAncestors(dir);
    this.setUpper(dir, { entry: { ...e, mtime: now } });
  }

  private nowSec(): number {
    return Math.floor(this.st.now().getTime() / 1000);
  }

  /** Put an entry at a resolved path, copying up and handling a whiteout beneath. */
  private put(path: string, given: TreeEntry, touchParent = true): void {
    const entry = this.materialize(given);
    const m = this.mountOf(path);
    const now = this.nowSec();
    if (m) {
      m.tree.set(m.rel, entry);
    } else {
      const prev = this.st.upper.get(path);
      this.copyUpAncestors(path);
      this.setUpper(path, { entry });
      // A directory over a deleted lower one must not let old children show through.
      if (entry.type === 'dir' && prev && 'whiteout' in prev && this.st.lower.get(path)) {
        this.st.opaque.add(path);
      }
      if (entry.type !== 'dir') this.dropChildrenOf(path);
    }
    if (touchParent) this.touchDir(parentOf(path), now);
    this.st.generation++;
  }

  private dropChildrenOf(path: string): void {
    for (const n of [...(this.st.upperKids.get(path) ?? [])]) this.dropUpper(joinPath(path, n));
  }

  /** Remove a resolved path (and everything under it). */
  private removeAt(path: string): void {
    const m = this.mountOf(path);
    if (m) {
      if (m.rel === '/') throw fsError('EBUSY', 'rm', path);
      m.tree.delete(m.rel);
    } else {
      const hadLower = !!this.lowerAt(path);
      this.dropUpper(path);
      if (hadLower) {
        this.copyUpAncestors(path);
        this.setUpper(path, { whiteout: true });
      }
    }
    this.touchDir(parentOf(path), this.nowSec());
    this.st.generation++;
  }

  private ino(path: string): number {
    let n = this.st.inodes.get(path);
    if (n === undefined) this.st.inodes.set(path, (n = this.st.inodes.size + 2));
    return n;
  }

  private statOf(path: string, e: TreeEntry): FsStat {
    const c = this.content(e);
    const type = c.type === 'hardlink' ? 'file' : c.type;
    const size = type === 'file' ? (c.data?.length ?? 0) : type === 'symlink' ? new TextEncoder().encode(c.target ?? '').length : 4096;
    return { type, mode: c.mode, uid: c.uid, gid: c.gid, mtime: c.mtime, size, ino: this.ino(e.type === 'hardlink' ? e.target ?? path : path), nlink: type === 'dir' ? 2 : 1 };
  }

  // ---- UnionView ------------------------------------------------------------

  lstat(path: string): FsStat {
    const r = this.existing(path, false, 'lstat');
    return this.statOf(r.path, r.entry);
  }

  stat(path: string): FsStat {
    const r = this.existing(path, true, 'stat');
    return this.statOf(r.path, r.entry);
  }

  exists(path: string): boolean {
    try {
      return !!this.resolve(path, true, 'access').entry;
    } catch {
      return false;
    }
  }

  readFile(path: string): Uint8Array {
    const r = this.existing(path, true, 'open');
    const e = this.content(r.entry);
    if (e.type === 'dir') throw fsError('EISDIR', 'read', path);
    if (!this.can(e, 4)) throw fsError('EACCES', 'open', path);
    return e.data ?? new Uint8Array(0);
  }

  writeFile(path: string, data: Uint8Array, opts: { mode?: number; append?: boolean } = {}): void {
    const r = this.resolve(path, true, 'open');
    const now = this.nowSec();
    if (r.entry) {
      const e = this.content(r.entry);
      if (e.type === 'dir') throw fsError('EISDIR', 'open', path);
      if (!this.can(e, 2)) throw fsError('EACCES', 'open', path);
      let next = data;
      if (opts.append && e.data && e.data.length > 0) {
        next = new Uint8Array(e.data.length + data.length);
        next.set(e.data);
        next.set(data, e.data.length);
      }
      // Writing to a file keeps its identity: only content and mtime change.
      this.put(r.path, { type: 'file', mode: e.mode, uid: e.uid, gid: e.gid, mtime: now, data: next }, false);
      return;
    }
    const p = this.parentForChange(r.path, 'open');
    this.put(p.target, { type: 'file', mode: (opts.mode ?? 0o644) & 0o7777, uid: this.cred.uid, gid: this.cred.gid, mtime: now, data });
  }

  truncate(path: string, length: number): void {
    // truncate(2) needs write permission only, which writeFile checks.
    const r = this.existing(path, true, 'open');
    const c = this.content(r.entry);
    if (c.type === 'dir') throw fsError('EISDIR', 'open', path);
    const cur = c.data ?? new Uint8Array(0);
    const next = new Uint8Array(length);
    next.set(cur.subarray(0, Math.min(length, cur.length)));
    this.writeFile(path, next);
  }

  mkdir(path: string, mode = 0o755, opts: { recursive?: boolean } = {}): void {
    if (opts.recursive) {
      const parts = normalizePath(path).split('/').filter(Boolean);
      let cur = '';
      for (const p of parts) {
        cur += '/' + p;
        const r = this.resolve(cur, true, 'mkdir');
        if (r.entry) {
          if (r.entry.type !== 'dir') throw fsError('ENOTDIR', 'mkdir', path);
          continue;
        }
        this.mkdir(cur, mode);
      }
      return;
    }
    const r = this.resolve(path, false, 'mkdir');
    if (r.entry) throw fsError('EEXIST', 'mkdir', path);
    const p = this.parentForChange(r.path, 'mkdir');
    this.put(p.target, { type: 'dir', mode: mode & 0o7777, uid: this.cred.uid, gid: this.cred.gid, mtime: this.nowSec() });
  }

  readdir(path: string): string[] {
    const r = this.existing(path, true, 'scandir');
    if (r.entry.type !== 'dir') throw fsError('ENOTDIR', 'scandir', path);
    if (!this.can(r.entry, 4)) throw fsError('EACCES', 'scandir', path);
    return this.rawChildren(r.path);
  }

  unlink(path: string): void {
    const r = this.existing(path, false, 'unlink');
    if (r.entry.type === 'dir') throw fsError('EISDIR', 'unlink', path);
    this.parentForChange(r.path, 'unlink');
    this.removeAt(r.path);
  }

  rmdir(path: string): void {
    const r = this.existing(path, false, 'rmdir');
    if (r.entry.type !== 'dir') throw fsError('ENOTDIR', 'rmdir', path);
    if (this.rawChildren(r.path).length > 0) throw fsError('ENOTEMPTY', 'rmdir', path);
    this.parentForChange(r.path, 'rmdir');
    this.removeAt(r.path);
  }

  rm(path: string, opts: { recursive?: boolean; force?: boolean } = {}): void {
    let r: { path: string; entry: TreeEntry | undefined };
    try {
      r = this.resolve(path, false, 'rm');
    } catch (e) {
      if (opts.force) return;
      throw e;
    }
    if (!r.entry) {
      if (opts.force) return;
      throw fsError('ENOENT', 'rm', path);
    }
    if (r.entry.type === 'dir') {
      if (!opts.recursive) throw fsError('EISDIR', 'rm', path);
      // Mounts below cannot be removed; empty them instead, as rm -rf does.
      for (const m of this.st.mounts) {
        if (m.destination !== r.path && isWithin(m.destination, r.path)) throw fsError('EBUSY', 'rm', m.destination);
      }
      this.checkTreeWritable(r.path);
    }
    this.parentForChange(r.path, 'rm');
    this.removeAt(r.path);
  }

  private checkTreeWritable(dir: string): void {
    if (this.cred.uid === 0) return;
    const e = this.raw(dir);
    if (!e || e.type !== 'dir') return;
    if (!this.can(e, 2) || !this.can(e, 1)) throw fsError('EACCES', 'rm', dir);
    for (const n of this.rawChildren(dir)) this.checkTreeWritable(joinPath(dir, n));
  }

  rename(from: string, to: string): void {
    const src = this.existing(from, false, 'rename');
    this.parentForChange(src.path, 'rename');
    const dstParent = this.parentForChange(to, 'rename');
    const dst = dstParent.target;
    const mSrc = this.mountOf(src.path);
    const mDst = this.mountOf(dst);
    if (mSrc?.destination !== mDst?.destination) throw fsError('EXDEV', 'rename', from, `-> '${to}'`);
    if (src.path === dst) return;
    if (src.entry.type === 'dir' && isWithin(dst, src.path)) throw fsError('EINVAL', 'rename', from, `-> '${to}'`);
    const existing = this.raw(dst);
    if (existing) {
      if (existing.type === 'dir' && src.entry.type !== 'dir') throw fsError('EISDIR', 'rename', from, `-> '${to}'`);
      if (existing.type !== 'dir' && src.entry.type === 'dir') throw fsError('ENOTDIR', 'rename', from, `-> '${to}'`);
      if (existing.type === 'dir' && this.rawChildren(dst).length > 0) throw fsError('ENOTEMPTY', 'rename', from, `-> '${to}'`);
      this.removeAt(dst);
    }
    // Without redirect_dir, overlayfs renames a lower directory by copying it up whole.
    const copy = (s: string, d: string) => {
      const e = this.raw(s)!;
      this.put(d, this.materialize(e), false);
      if (e.type === 'dir') for (const n of this.rawChildren(s)) copy(joinPath(s, n), joinPath(d, n));
    };
    copy(src.path, dst);
    this.removeAt(src.path);
    this.touchDir(parentOf(dst), this.nowSec());
  }

  symlink(target: string, path: string): void {
    const r = this.resolve(path, false, 'symlink');
    if (r.entry) throw fsError('EEXIST', 'symlink', path);
    const p = this.parentForChange(r.path, 'symlink');
    this.put(p.target, { type: 'symlink', mode: 0o777, uid: this.cred.uid, gid: this.cred.gid, mtime: this.nowSec(), target });
  }

  readlink(path: string): string {
    const r = this.existing(path, false, 'readlink');
    if (r.entry.type !== 'symlink') throw fsError('EINVAL', 'readlink', path);
    return r.entry.target ?? '';
  }

  link(existingPath: string, newPath: string): void {
    const src = this.existing(existingPath, false, 'link');
    const e = this.content(src.entry);
    if (e.type === 'dir') throw fsError('EPERM', 'link', existingPath);
    const r = this.resolve(newPath, false, 'link');
    if (r.entry) throw fsError('EEXIST', 'link', newPath);
    const p = this.parentForChange(r.path, 'link');
    if (this.mountOf(src.path)?.destination !== this.mountOf(p.target)?.destination) throw fsError('EXDEV', 'link', existingPath);
    // Stored as a copy sharing the same bytes: reads, diff and commit all see a file.
    this.put(p.target, { ...e });
    this.st.inodes.set(p.target, this.ino(src.path));
  }

  private changeMeta(path: string, syscall: string, f: (e: TreeEntry) => TreeEntry, ownerOnly: ErrorCode = 'EPERM'): void {
    const r = this.existing(path, true, syscall);
    const e = this.materialize(r.entry);
    if (this.cred.uid !== 0 && this.cred.uid !== e.uid) throw fsError(ownerOnly, syscall, path);
    this.put(r.path, f(e), false);
  }

  chmod(path: string, mode: number): void {
    this.changeMeta(path, 'chmod', (e) => ({ ...e, mode: mode & 0o7777 }));
  }

  chown(path: string, uid: number, gid: number): void {
    const r = this.existing(path, true, 'chown');
    const e = this.materialize(r.entry);
    // Only root gives a file away; an owner may only change the group to one of its own.
    if (this.cred.uid !== 0) {
      const ownGroup = gid === this.cred.gid || (this.cred.groups ?? []).includes(gid) || gid === e.gid;
      if (this.cred.uid !== e.uid || uid !== e.uid || !ownGroup) throw fsError('EPERM', 'chown', path);
    }
    this.put(r.path, { ...e, uid, gid }, false);
  }

  utimes(path: string, _atime: number, mtime: number): void {
    this.changeMeta(path, 'utime', (e) => ({ ...e, mtime: Math.floor(mtime) }), 'EPERM');
  }

  realpath(path: string): string {
    return this.existing(path, true, 'realpath').path;
  }

  origin(path: string): Origin | undefined {
    const p = normalizePath(path);
    const m = this.mountOf(p);
    if (m) return m.tree.get(m.rel) ? { kind: 'mount', destination: m.destination } : undefined;
    const u = this.st.upper.get(p);
    if (u) return 'whiteout' in u ? undefined : { kind: 'upper' };
    if (!this.lowerAt(p)) return undefined;
    const i = this.st.lower.originOf(p);
    return i === undefined ? undefined : { kind: 'layer', index: i };
  }

  // ---- ContainerFS --------------------------------------------------------

  diff(): DiffLine[] {
    const out: DiffLine[] = [];
    for (const [p, node] of this.st.upper) {
      if (p === '/') continue;
      if ('whiteout' in node) out.push({ kind: 'D', path: p });
      else out.push({ kind: this.st.lower.get(p) && !this.hiddenByAncestor(p) ? 'C' : 'A', path: p });
    }
    return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  changes(): LayerChanges {
    const c: LayerChanges = { entries: new Map(), whiteouts: new Set(), opaque: new Set(this.st.opaque) };
    for (const [p, node] of this.st.upper) {
      if ('whiteout' in node) c.whiteouts.add(p);
      else c.entries.set(p, node.entry);
    }
    return c;
  }

  *walk(): Iterable<[string, TreeEntry]> {
    const visit = function* (this: Overlay, dir: string): Generator<[string, TreeEntry]> {
      for (const n of this.childrenBeneath(dir)) {
        const p = joinPath(dir, n);
        const e = this.beneath(p);
        if (!e) continue;
        yield [p, e.type === 'hardlink' ? this.content(e) : e];
        if (e.type === 'dir') yield* visit.call(this, p);
      }
    };
    yield* visit.call(this, '/');
  }

  async flush(): Promise<void> {
    const ops: MetaOp[] = [];
    const taken = [...this.st.dirty];
    for (const p of taken) {
      const node = this.st.upper.get(p);
      if (!node) {
        ops.push({ op: 'delete', table: 'entries', key: [this.st.owner, p] });
        continue;
      }
      const row: StoredEntry = 'whiteout' in node
        ? { owner: this.st.owner, path: p, entry: null, whiteout: true }
        : { owner: this.st.owner, path: p, entry: node.entry };
      if (this.st.opaque.has(p)) row.opaque = true;
      ops.push({ op: 'put', table: 'entries', value: row });
    }
    this.st.dirty.clear();
    const mountOps = new Map<MountTree, MetaOp[]>();
    for (const m of this.st.mounts) {
      if (mountOps.has(m.tree)) continue;
      const mops = m.tree.takeDirtyOps();
      mountOps.set(m.tree, mops);
      ops.push(...mops);
    }
    if (ops.length === 0) return;
    try {
      await this.st.persist(ops);
    } catch (err) {
      // Nothing was written (one transaction): keep it all dirty for the next flush.
      for (const p of taken) this.st.dirty.add(p);
      for (const [tree, mops] of mountOps) tree.restoreDirty(mops);
      throw err;
    }
  }
}
