/**
 * A small in-memory UnionView for testing the ZenFS adapter: a plain tree of nodes
 * (no layers). Hard links share a node, so they share `ino`. Symlinks are resolved
 * inside the root ("/.." is "/", absolute targets start at the root), intermediate
 * symlinks are always followed, the final one only where POSIX does.
 * Permission checks are not modelled; credentials only set the owner of new entries.
 */
import { fsError } from '../../../src/engine/errors';
import type { Credentials, FsStat, Origin, UnionView } from '../../../src/engine/union/types';

interface Base {
  ino: number;
  mode: number;
  uid: number;
  gid: number;
  mtime: number;
  nlink: number;
}
interface DirNode extends Base { type: 'dir'; children: Map<string, Node> }
interface FileNode extends Base { type: 'file'; data: Uint8Array }
interface LinkNode extends Base { type: 'symlink'; target: string }
type Node = DirNode | FileNode | LinkNode;

interface Resolved {
  /** Parent directory and name of the final component; undefined for "/". */
  parent?: DirNode;
  name: string;
  node?: Node;
  /** Real path of the result (parent resolved, final component as given). */
  real: string;
}

interface Shared {
  root: DirNode;
  nextIno: number;
  now: () => number;
}

const MAX_LINKS = 40;

function split(path: string): string[] {
  return path.split('/').filter((c) => c !== '' && c !== '.');
}

export class FakeView implements UnionView {
  private readonly s: Shared;
  private readonly cred: Credentials;

  constructor(opts: { now?: () => number } = {}, shared?: Shared, cred: Credentials = { uid: 0, gid: 0 }) {
    this.s = shared ?? {
      root: { type: 'dir', children: new Map(), ino: 1, mode: 0o755, uid: 0, gid: 0, mtime: 0, nlink: 2 },
      nextIno: 2,
      now: opts.now ?? (() => Math.floor(Date.now() / 1000)),
    };
    if (!shared) this.s.root.mtime = this.s.now();
    this.cred = cred;
  }

  // ---- resolution -------------------------------------------------------------

  private resolve(path: string, follow: boolean, syscall: string): Resolved {
    let comps = split(path);
    let stack: DirNode[] = [this.s.root];
    let names: string[] = [];
    let links = 0;
    for (let i = 0; i < comps.length; i++) {
      const c = comps[i]!;
      const dir = stack[stack.length - 1]!;
      const last = i === comps.length - 1;
      if (c === '..') {
        if (stack.length > 1) {
          stack.pop();
          names.pop();
        }
        if (last) break;
        continue;
      }
      const child = dir.children.get(c);
      if (child?.type === 'symlink' && (!last || follow)) {
        if (++links > MAX_LINKS) throw fsError('ELOOP', syscall, path);
        const t = split(child.target);
        if (child.target.startsWith('/')) {
          stack = [this.s.root];
          names = [];
        }
        comps = [...t, ...comps.slice(i + 1)];
        i = -1;
        if (comps.length === 0) break;
        continue;
      }
      if (last) return { parent: dir, name: c, node: child, real: '/' + [...names, c].join('/') };
      if (!child) throw fsError('ENOENT', syscall, path);
      if (child.type !== 'dir') throw fsError('ENOTDIR', syscall, path);
      stack.push(child);
      names.push(c);
    }
    // Ended on a directory itself ("/", "..", or a link to a directory).
    const node = stack[stack.length - 1]!;
    const parent = stack.length > 1 ? stack[stack.length - 2] : undefined;
    return { parent, name: names[names.length - 1] ?? '', node, real: '/' + names.join('/') };
  }

  private existing(path: string, follow: boolean, syscall: string): Node {
    const r = this.resolve(path, follow, syscall);
    if (!r.node) throw fsError('ENOENT', syscall, path);
    return r.node;
  }

  private creatable(path: string, syscall: string): { parent: DirNode; name: string } {
    const r = this.resolve(path, false, syscall);
    if (!r.parent) throw fsError('EEXIST', syscall, path);
    if (r.node) throw fsError('EEXIST', syscall, path);
    return { parent: r.parent, name: r.name };
  }

  private base(mode: number): Base {
    return { ino: this.s.nextIno++, mode: mode & 0o7777, uid: this.cred.uid, gid: this.cred.gid, mtime: this.s.now(), nlink: 1 };
  }

  private touchDir(dir: DirNode): void {
    dir.mtime = this.s.now();
  }

  // ---- UnionView ----------------------------------------------------------------

  private statOf(n: Node): FsStat {
    const size = n.type === 'file' ? n.data.byteLength : n.type === 'symlink' ? new TextEncoder().encode(n.target).byteLength : 4096;
    return { type: n.type, mode: n.mode, uid: n.uid, gid: n.gid, mtime: n.mtime, size, ino: n.ino, nlink: n.nlink };
  }

  lstat(path: string): FsStat {
    return this.statOf(this.existing(path, false, 'lstat'));
  }

  stat(path: string): FsStat {
    return this.statOf(this.existing(path, true, 'stat'));
  }

  exists(path: string): boolean {
    try {
      this.stat(path);
      return true;
    } catch {
      return false;
    }
  }

  readFile(path: string): Uint8Array {
    const n = this.existing(path, true, 'open');
    if (n.type === 'dir') throw fsError('EISDIR', 'read', path);
    if (n.type !== 'file') throw fsError('EINVAL', 'read', path);
    return n.data;
  }

  writeFile(path: string, data: Uint8Array, opts: { mode?: number; append?: boolean } = {}): void {
    const r = this.resolve(path, true, 'open');
    if (r.node) {
      if (r.node.type === 'dir') throw fsError('EISDIR', 'open', path);
      if (r.node.type !== 'file') throw fsError('EINVAL', 'open', path);
      if (opts.append) {
        const out = new Uint8Array(r.node.data.byteLength + data.byteLength);
        out.set(r.node.data);
        out.set(data, r.node.data.byteLength);
        r.node.data = out;
      } else {
        r.node.data = data;
      }
      r.node.mtime = this.s.now();
      return;
    }
    if (!r.parent) throw fsError('EISDIR', 'open', path);
    r.parent.children.set(r.name, { ...this.base(opts.mode ?? 0o644), type: 'file', data });
    this.touchDir(r.parent);
  }

  truncate(path: string, length: number): void {
    const n = this.existing(path, true, 'truncate');
    if (n.type === 'dir') throw fsError('EISDIR', 'truncate', path);
    if (n.type !== 'file') throw fsError('EINVAL', 'truncate', path);
    const out = new Uint8Array(length);
    out.set(n.data.subarray(0, Math.min(length, n.data.byteLength)));
    n.data = out;
    n.mtime = this.s.now();
  }

  mkdir(path: string, mode = 0o755, opts: { recursive?: boolean } = {}): void {
    if (opts.recursive) {
      const comps = split(path);
      for (let i = 1; i <= comps.length; i++) {
        const p = '/' + comps.slice(0, i).join('/');
        const r = this.resolve(p, true, 'mkdir');
        if (r.node) {
          if (r.node.type !== 'dir') throw fsError(i === comps.length ? 'EEXIST' : 'ENOTDIR', 'mkdir', path);
          continue;
        }
        if (!r.parent) throw fsError('ENOENT', 'mkdir', path);
        r.parent.children.set(r.name, { ...this.base(mode), type: 'dir', children: new Map(), nlink: 2 });
        this.touchDir(r.parent);
      }
      return;
    }
    const { parent, name } = this.creatable(path, 'mkdir');
    parent.children.set(name, { ...this.base(mode), type: 'dir', children: new Map(), nlink: 2 });
    this.touchDir(parent);
  }

  readdir(path: string): string[] {
    const n = this.existing(path, true, 'scandir');
    if (n.type !== 'dir') throw fsError('ENOTDIR', 'scandir', path);
    return [...n.children.keys()].sort();
  }

  unlink(path: string): void {
    const r = this.resolve(path, false, 'unlink');
    if (!r.node || !r.parent) throw fsError(r.node ? 'EISDIR' : 'ENOENT', 'unlink', path);
    if (r.node.type === 'dir') throw fsError('EISDIR', 'unlink', path);
    r.parent.children.delete(r.name);
    r.node.nlink--;
    this.touchDir(r.parent);
  }

  rmdir(path: string): void {
    const r = this.resolve(path, false, 'rmdir');
    if (!r.node) throw fsError('ENOENT', 'rmdir', path);
    if (r.node.type !== 'dir') throw fsError('ENOTDIR', 'rmdir', path);
    if (!r.parent) throw fsError('EBUSY', 'rmdir', path);
    if (r.node.children.size > 0) throw fsError('ENOTEMPTY', 'rmdir', path);
    r.parent.children.delete(r.name);
    this.touchDir(r.parent);
  }

  rm(path: string, opts: { recursive?: boolean; force?: boolean } = {}): void {
    const r = this.resolve(path, false, 'rm');
    if (!r.node) {
      if (opts.force) return;
      throw fsError('ENOENT', 'rm', path);
    }
    if (!r.parent) throw fsError('EBUSY', 'rm', path);
    if (r.node.type === 'dir' && r.node.children.size > 0 && !opts.recursive) throw fsError('ENOTEMPTY', 'rm', path);
    r.parent.children.delete(r.name);
    this.touchDir(r.parent);
  }

  rename(from: string, to: string): void {
    const src = this.resolve(from, false, 'rename');
    if (!src.node) throw fsError('ENOENT', 'rename', from);
    if (!src.parent) throw fsError('EBUSY', 'rename', from);
    const dst = this.resolve(to, false, 'rename');
    if (!dst.parent) throw fsError('EBUSY', 'rename', to);
    if (src.node.type === 'dir' && (dst.real === src.real || dst.real.startsWith(src.real + '/'))) {
      if (dst.real === src.real) return;
      throw fsError('EINVAL', 'rename', from);
    }
    if (dst.node) {
      if (dst.node === src.node) return;
      if (src.node.type === 'dir' && dst.node.type !== 'dir') throw fsError('ENOTDIR', 'rename', to);
      if (src.node.type !== 'dir' && dst.node.type === 'dir') throw fsError('EISDIR', 'rename', to);
      if (dst.node.type === 'dir' && dst.node.children.size > 0) throw fsError('ENOTEMPTY', 'rename', to);
      dst.node.nlink--;
    }
    src.parent.children.delete(src.name);
    dst.parent.children.set(dst.name, src.node);
    this.touchDir(src.parent);
    this.touchDir(dst.parent);
  }

  symlink(target: string, path: string): void {
    const { parent, name } = this.creatable(path, 'symlink');
    parent.children.set(name, { ...this.base(0o777), type: 'symlink', target });
    this.touchDir(parent);
  }

  readlink(path: string): string {
    const n = this.existing(path, false, 'readlink');
    if (n.type !== 'symlink') throw fsError('EINVAL', 'readlink', path);
    return n.target;
  }

  link(existing: string, newPath: string): void {
    const n = this.existing(existing, false, 'link');
    if (n.type === 'dir') throw fsError('EPERM', 'link', existing);
    const { parent, name } = this.creatable(newPath, 'link');
    parent.children.set(name, n);
    n.nlink++;
    this.touchDir(parent);
  }

  chmod(path: string, mode: number): void {
    this.existing(path, true, 'chmod').mode = mode & 0o7777;
  }

  chown(path: string, uid: number, gid: number): void {
    const n = this.existing(path, true, 'chown');
    n.uid = uid;
    n.gid = gid;
  }

  utimes(path: string, _atime: number, mtime: number): void {
    this.existing(path, true, 'utimes').mtime = mtime;
  }

  realpath(path: string): string {
    const r = this.resolve(path, true, 'realpath');
    if (!r.node) throw fsError('ENOENT', 'realpath', path);
    return r.real;
  }

  origin(path: string): Origin | undefined {
    return this.exists(path) ? { kind: 'upper' } : undefined;
  }

  withCredentials(cred: Credentials): UnionView {
    return new FakeView({}, this.s, cred);
  }
}
