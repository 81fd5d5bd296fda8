/**
 * OCI layer changesets <-> tar entries. Whiteouts travel as empty `.wh.<name>`
 * files and opaque directories as a `.wh..wh..opq` marker inside the directory
 * (OCI image-spec, layer.md).
 */
import { EngineError } from '../errors';
import type { LayerChanges, TreeEntry } from '../types';
import { baseName, joinPath, normalizePath, parentOf } from './paths';

/** The tar-level view of an entry; the archive module's TarEntry is structurally compatible. */
export interface TarEntryLike {
  /** Relative, no leading or trailing slash ("etc/hosts"). */
  path: string;
  type: 'file' | 'dir' | 'symlink' | 'hardlink' | 'other';
  mode: number;
  uid: number;
  gid: number;
  mtime: number;
  size: number;
  data?: Uint8Array;
  /** Symlink target as written, or the relative tar path a hard link points to. */
  linkname?: string;
}

const WH = '.wh.';
const OPQ = '.wh..wh..opq';

export function emptyChanges(): LayerChanges {
  return { entries: new Map(), whiteouts: new Set(), opaque: new Set() };
}

export function layerChangesFromTar(entries: TarEntryLike[]): LayerChanges {
  const c = emptyChanges();
  const symlinks = new Set<string>();
  for (const e of entries) {
    const abs = normalizePath('/' + e.path);
    // An entry *through* a symlink of the same layer ("evil -> /etc", then "evil/passwd")
    // is how tar extraction escapes a root; docker refuses it, and so do we.
    for (let p = parentOf(abs); p !== '/'; p = parentOf(p)) {
      if (symlinks.has(p)) throw new EngineError('UNSAFE_PATH', `unsafe path in layer: ${e.path} goes through the symlink ${p.slice(1)}`, { entry: e.path });
    }
    if (e.type === 'symlink') symlinks.add(abs);
    else symlinks.delete(abs);
    const name = baseName(abs);
    if (name === OPQ) {
      c.opaque.add(parentOf(abs));
      continue;
    }
    if (name.startsWith(WH)) {
      c.whiteouts.add(joinPath(parentOf(abs), name.slice(WH.length)));
      continue;
    }
    if (e.type === 'other') continue;
    const entry: TreeEntry = { type: e.type, mode: e.mode & 0o7777, uid: e.uid, gid: e.gid, mtime: e.mtime };
    if (e.type === 'file') entry.data = e.data ?? new Uint8Array(0);
    if (e.type === 'symlink') entry.target = e.linkname ?? '';
    if (e.type === 'hardlink') entry.target = normalizePath('/' + (e.linkname ?? ''));
    // A later entry for the same path wins, as when a tar is extracted.
    c.entries.set(abs, entry);
  }
  return c;
}

/**
 * Component-wise order with the opaque marker sorting before every sibling, so it
 * lands right after its directory's own entry and before anything it shadows.
 * A plain lexicographic order over components keeps the comparator consistent.
 */
function compareTarKeys(a: string, b: string): number {
  const pa = a.split('/');
  const pb = b.split('/');
  const n = Math.min(pa.length, pb.length);
  for (let i = 0; i < n; i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === y) continue;
    if (x === OPQ) return -1;
    if (y === OPQ) return 1;
    return x < y ? -1 : 1;
  }
  return pa.length - pb.length;
}

/**
 * Deterministic tar entries for a changeset: a directory before its contents,
 * whiteout files inside their directory. Parents missing from the changeset are
 * not invented — they come from lower layers, and inventing one would override its
 * metadata there.
 */
export function tarEntriesFromChanges(changes: LayerChanges): TarEntryLike[] {
  const items: Array<{ key: string; e: TarEntryLike }> = [];
  // Markers carry their directory's times so two commits of the same change tar alike.
  const marker = (key: string, dir: string): { key: string; e: TarEntryLike } => ({
    key,
    e: { path: key.slice(1), type: 'file', mode: 0o644, uid: 0, gid: 0, mtime: changes.entries.get(dir)?.mtime ?? 0, size: 0, data: new Uint8Array(0) },
  });
  for (const [p, e] of changes.entries) {
    if (p === '/') continue;
    const t: TarEntryLike = { path: p.slice(1), type: e.type, mode: e.mode, uid: e.uid, gid: e.gid, mtime: e.mtime, size: 0 };
    if (e.type === 'file') {
      t.data = e.data ?? new Uint8Array(0);
      t.size = t.data.length;
    }
    if (e.type === 'symlink') t.linkname = e.target ?? '';
    if (e.type === 'hardlink') t.linkname = normalizePath(e.target ?? '/').slice(1);
    items.push({ key: p, e: t });
  }
  for (const p of changes.whiteouts) {
    if (p === '/') continue;
    items.push(marker(joinPath(parentOf(p), WH + baseName(p)), parentOf(p)));
  }
  for (const d of changes.opaque) items.push(marker(joinPath(d, OPQ), d));
  items.sort((a, b) => compareTarKeys(a.key, b.key));
  return items.map((i) => i.e);
}
