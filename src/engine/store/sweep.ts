/**
 * Clean up after an interrupted write. Blobs are written before the metadata that
 * references them, so a crash leaves at worst unreferenced blobs or records; this
 * removes them. Metadata goes first, blobs after, so a crash mid-sweep never leaves
 * a record pointing at a missing blob.
 */
import type { Digest } from '../types';
import type { MetaOp, Store } from './types';

export interface SweepResult {
  blobs: Digest[];
  layers: Digest[];
  entryOwners: string[];
  tags: string[];
}

export async function sweepOrphans(store: Store, opts: { extraRoots?: Digest[] } = {}): Promise<SweepResult> {
  const { meta } = store;
  const [images, layers, tags, containers, volumes, entryOwners] = await Promise.all([
    meta.all('images'), meta.all('layers'), meta.all('tags'), meta.all('containers'), meta.all('volumes'), meta.entryOwners(),
  ]);
  const imageIds = new Set(images.map((i) => i.id));
  const usedDiffs = new Set(images.flatMap((i) => i.layers));
  const owners = new Set<string>([
    'host', // the learner's home on the host prompt
    ...containers.map((c) => c.id),
    ...containers.map((c) => `mounts:${c.id}`),
    ...volumes.map((v) => `volume:${v.name}`),
  ]);
  const ops: MetaOp[] = [];
  const result: SweepResult = { blobs: [], layers: [], entryOwners: [], tags: [] };
  for (const l of layers) {
    if (!usedDiffs.has(l.diffID)) {
      ops.push({ op: 'delete', table: 'layers', key: l.diffID });
      result.layers.push(l.diffID);
    }
  }
  for (const t of tags) {
    if (!imageIds.has(t.image)) {
      ops.push({ op: 'delete', table: 'tags', key: t.ref });
      result.tags.push(t.ref);
    }
  }
  const orphanOwners = entryOwners.filter((o) => !owners.has(o));
  for (const o of orphanOwners) {
    ops.push({ op: 'deleteOwner', owner: o });
    result.entryOwners.push(o);
  }
  if (ops.length > 0) await meta.write(ops);

  const keep = new Set<Digest>(opts.extraRoots ?? []);
  for (const i of images) {
    keep.add(i.id);
    if (i.manifestDigest) keep.add(i.manifestDigest);
  }
  for (const l of layers) if (usedDiffs.has(l.diffID)) keep.add(l.digest);
  result.blobs = (await store.blobs.list()).map((b) => b.digest).filter((d) => !keep.has(d));
  if (result.blobs.length > 0) await store.blobs.delete(result.blobs);
  return result;
}
