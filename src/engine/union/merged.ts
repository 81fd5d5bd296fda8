/**
 * The merged read-only view of an image's layers, built once bottom-up. Lookups are
 * single Map gets, so their cost does not grow with the number of layers.
 */
import type { LayerChanges, TreeEntry } from '../types';
import type { ReadTree } from './types';
import { baseName, joinPath, parentOf } from './paths';

interface Slot {
  entry: TreeEntry;
  layer: number;
}

const IMPLICIT_DIR: TreeEntry = { type: 'dir', mode: 0o755, uid: 0, gid: 0, mtime: 0 };

class MergedTree implements ReadTree {
  /** Number of layers applied so far. */
  depth = 0;
  private sorted = new Map<string, string[]>();

  constructor(
    private slots: Map<string, Slot>,
    private kids: Map<string, Set<string>>,
  ) {}

  static empty(): MergedTree {
    return new MergedTree(new Map([['/', { entry: IMPLICIT_DIR, layer: -1 }]]), new Map([['/', new Set()]]));
  }

  clone(): MergedTree {
    const kids = new Map<string, Set<string>>();
    for (const [k, v] of this.kids) kids.set(k, new Set(v));
    const t = new MergedTree(new Map(this.slots), kids);
    t.depth = this.depth;
    return t;
  }

  get size(): number {
    return this.slots.size;
  }

  get(path: string): TreeEntry | undefined {
    return this.slots.get(path)?.entry;
  }

  originOf(path: string): number | undefined {
    const s = this.slots.get(path);
    return s && s.layer >= 0 ? s.layer : undefined;
  }

  children(dir: string): string[] {
    let s = this.sorted.get(dir);
    if (!s) {
      s = [...(this.kids.get(dir) ?? [])].sort();
      this.sorted.set(dir, s);
    }
    return s;
  }

  private removeBelow(dir: string): void {
    const names = this.kids.get(dir);
    if (!names) return;
    for (const n of names) {
      const p = joinPath(dir, n);
      this.removeBelow(p);
      this.slots.delete(p);
      this.kids.delete(p);
    }
    names.clear();
  }

  private remove(path: string): void {
    if (!this.slots.has(path) || path === '/') return;
    this.removeBelow(path);
    this.slots.delete(path);
    this.kids.delete(path);
    this.kids.get(parentOf(path))?.delete(baseName(path));
  }

  private put(path: string, entry: TreeEntry, layer: number): void {
    if (path === '/') {
      if (entry.type === 'dir') this.slots.set('/', { entry, layer });
      return;
    }
    const parent = parentOf(path);
    const p = this.slots.get(parent);
    if (!p || p.entry.type !== 'dir') {
      // Some tars omit parent directories; extraction creates them, and so do we.
      if (p) this.remove(parent);
      this.put(parent, IMPLICIT_DIR, layer);
    }
    const old = this.slots.get(path);
    if (old && (old.entry.type !== 'dir' || entry.type !== 'dir')) this.removeBelow(path);
    this.slots.set(path, { entry, layer });
    if (entry.type === 'dir' && !this.kids.has(path)) this.kids.set(path, new Set());
    if (entry.type !== 'dir') this.kids.delete(path);
    this.kids.get(parent)!.add(baseName(path));
  }

  apply(layer: LayerChanges): void {
    const index = this.depth++;
    this.sorted.clear();
    for (const w of layer.whiteouts) this.remove(w);
    for (const d of layer.opaque) this.removeBelow(d);
    // Parents before children so implicit-dir creation never shadows a real entry.
    const paths = [...layer.entries.keys()].sort((a, b) => a.length - b.length);
    for (const p of paths) this.put(p, layer.entries.get(p)!, index);
  }
}

export function buildMergedTree(layers: LayerChanges[]): ReadTree {
  const t = MergedTree.empty();
  for (const l of layers) t.apply(l);
  return t;
}

/** A new tree with one more layer on top; `base` is left unchanged. */
export function extendMergedTree(base: ReadTree, layer: LayerChanges): ReadTree {
  const t = base instanceof MergedTree ? base.clone() : buildMergedTree([]);
  (t as MergedTree).apply(layer);
  return t;
}

/**
 * The entry holding a hard link's content. Layers record hard links by path, and
 * readers want bytes; a dangling or looping link yields undefined.
 */
export function resolveHardlink(tree: ReadTree, entry: TreeEntry): TreeEntry | undefined {
  let e: TreeEntry | undefined = entry;
  for (let hops = 0; e && e.type === 'hardlink'; hops++) {
    if (hops > 40) return undefined;
    e = tree.get(e.target ?? '');
  }
  return e;
}
