/**
 * A mount beside the writable layer: a volume (a directory tree) or one generated
 * file (/etc/hosts...). Mounts persist under their own owner and are shared by every
 * container that mounts them, and they never take part in diff, commit or export.
 */
import type { MetaOp, StoredEntry } from '../store/types';
import type { TreeEntry } from '../types';
import { baseName, joinPath, parentOf } from './paths';

export class MountTree {
  private entries = new Map<string, TreeEntry>();
  private kids = new Map<string, Set<string>>();
  private dirty = new Set<string>();
  generation = 0;

  /**
   * `storeAt` is the row path of the mount's root: "" for a volume (rows keyed by
   * path inside it), or a destination such as "/etc/hosts" when several single-file
   * mounts share one owner.
   */
  private constructor(readonly owner: string, readonly kind: 'dir' | 'file', readonly storeAt = '') {}

  private rowPath(rel: string): string {
    return this.storeAt === '' ? rel : rel === '/' ? this.storeAt : this.storeAt + rel;
  }

  /** A directory mount; `entries` are keyed by path relative to the mount ("/" = its root). */
  static dir(owner: string, root: TreeEntry, entries: Map<string, TreeEntry> = new Map()): MountTree {
    const t = new MountTree(owner, 'dir');
    t.setRaw('/', root);
    for (const p of [...entries.keys()].sort((a, b) => a.length - b.length)) t.setRaw(p, entries.get(p)!);
    return t;
  }

  static file(owner: string, entry: TreeEntry, storeAt = ''): MountTree {
    const t = new MountTree(owner, 'file', storeAt);
    t.setRaw('/', entry);
    return t;
  }

  /** Rebuild from stored rows; `seed` builds it when nothing was stored yet. */
  static fromStored(owner: string, kind: 'dir' | 'file', rows: StoredEntry[], seed: () => MountTree, storeAt = ''): MountTree {
    const real = rows
      .filter((r) => r.entry && (storeAt === '' || r.path === storeAt))
      .map((r) => (storeAt === '' ? r : { ...r, path: '/' }));
    if (real.length === 0) {
      const t = seed();
      // A fresh mount is written out on the next flush.
      for (const p of t.entries.keys()) t.dirty.add(p);
      return t;
    }
    const t = new MountTree(owner, kind, storeAt);
    for (const r of real.sort((a, b) => a.path.length - b.path.length)) t.setRaw(r.path, r.entry!);
    return t;
  }

  get(rel: string): TreeEntry | undefined {
    return this.entries.get(rel);
  }

  children(rel: string): string[] {
    return [...(this.kids.get(rel) ?? [])].sort();
  }

  private setRaw(rel: string, entry: TreeEntry): void {
    this.entries.set(rel, entry);
    if (entry.type === 'dir' && !this.kids.has(rel)) this.kids.set(rel, new Set());
    if (rel !== '/') this.kids.get(parentOf(rel))?.add(baseName(rel));
  }

  set(rel: string, entry: TreeEntry): void {
    // A file replacing a directory takes the directory's contents with it.
    if (entry.type !== 'dir' && this.kids.has(rel)) {
      for (const n of [...this.kids.get(rel)!]) this.delete(joinPath(rel, n));
      this.kids.delete(rel);
    }
    this.setRaw(rel, entry);
    this.dirty.add(rel);
    this.generation++;
  }

  delete(rel: string): void {
    for (const n of this.kids.get(rel) ?? []) this.delete(joinPath(rel, n));
    this.entries.delete(rel);
    this.kids.delete(rel);
    this.kids.get(parentOf(rel))?.delete(baseName(rel));
    this.dirty.add(rel);
    this.generation++;
  }

  takeDirtyOps(): MetaOp[] {
    const ops: MetaOp[] = [];
    for (const p of this.dirty) {
      const e = this.entries.get(p);
      const path = this.rowPath(p);
      ops.push(e ? { op: 'put', table: 'entries', value: { owner: this.owner, path, entry: e } } : { op: 'delete', table: 'entries', key: [this.owner, path] });
    }
    this.dirty.clear();
    return ops;
  }

  /** Put paths back on the dirty list after a failed persist, so the next flush retries them. */
  restoreDirty(ops: MetaOp[]): void {
    for (const op of ops) {
      if (op.op === 'put' && op.table === 'entries') this.dirty.add(this.relOf(op.value.path));
      else if (op.op === 'delete' && op.table === 'entries') this.dirty.add(this.relOf(op.key[1]));
    }
  }

  private relOf(rowPath: string): string {
    if (this.storeAt === '') return rowPath;
    return rowPath === this.storeAt ? '/' : rowPath.slice(this.storeAt.length);
  }
}
