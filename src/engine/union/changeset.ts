/**
 * OCI layer changesets <-> tar entries. Whiteouts travel as empty `.wh.<name>`
 * files and opaque directories as a `.wh..wh..opq` marker inside the directory
 * (OCI image-spec, layer.md).
 */
import type { LayerChanges, TreeEntry } from '../types';
import { baseName, comparePaths, joinPath, normalizePath, parentOf } from './paths';

export interface TarEntryLike {
  path: string;
  type: 'file' | 'dir' | 'symlink' | 'hardlink' | 'other';
  mode: number;
  uid: number;
  gid: number;
  mtime: number;
  size: number;
  data?: Uint8Array;
  linkname?: string;
}

const WH = '.wh.';
const OPQ = '.wh..wh..opq';

export function emptyChanges(): LayerChanges {
  return { entries: new Map(), whiteouts: new Set(), opaque: new Set() };
}

export function layerChangesFromTar(entries: TarEntryLike[]): LayerChanges {
  const c = emptyChanges();
  for (const e of entries) {
    const abs = normalizePath('/' + e.path);
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

export function tarEntriesFromChanges(changes: LayerChanges): TarEntryLike[] {
  const items: Array<{ key: string; opq: boolean; e: TarEntryLike }> = [];
  const meta = (p: string) => {
    const d = changes.entries.get(p);
    return { mode: 0o644, uid: 0, gid: 0, mtime: d?.mtime ?? 0 };
  };
  for (const [p, e] of changes.entries) {
    if (p === '/') continue;
    const rel = p.slice(1);
    const t: TarEntryLike = { path: rel, type: e.type, mode: e.mode, uid: e.uid, gid: e.gid, mtime: e.mtime, size: 0 };
    if (e.type === 'file') {
      t.data = e.data ?? new Uint8Array(0);
      t.size = t.data.length;
    }
    if (e.type === 'symlink') t.linkname = e.target ?? '';
    if (e.type === 'hardlink') t.linkname = (e.target ?? '/').slice(1);
    items.push({ key: p, opq: false, e: t });
  }
  for (const p of changes.whiteouts) {
    const wp = joinPath(parentOf(p), WH + baseName(p));
    items.push({ key: wp, opq: false, e: { path: wp.slice(1), type: 'file', ...meta(parentOf(p)), size: 0, data: new Uint8Array(0) } });
  }
  for (const d of changes.opaque) {
    const op = joinPath(d, OPQ);
    items.push({ key: op, opq: true, e: { path: op.slice(1), type: 'file', ...meta(d), size: 0, data: new Uint8Array(0) } });
  }
  items.sort((a, b) => {
    // The opaque marker comes first inside its directory, before anything it shadows.
    if (a.opq !== b.opq && parentOf(a.key) === parentOf(b.key)) return a.opq ? -1 : 1;
    return comparePaths(a.key, b.key);
  });
  return items.map((i) => i.e);
}
