/**
 * `docker rmi`, following the classic daemon's decision tree (daemon/images/
 * image_delete.go): a tag of an image with other names is only untagged; hard
 * conflicts (a running container, dependent child images) cannot be forced; soft
 * ones (a stopped container, several names) need -f; deleting an image prunes its
 * untagged, unused parents quietly and releases layers nothing else uses, printing
 * their chain IDs as docker does.
 */
import type { Engine } from './engine';
import { EngineError } from './errors';
import { shortId } from './format/ids';
import { familiarString, normalize } from './reference';
import type { Digest, ImageRecord } from './types';

export type RmiLine = { kind: 'Untagged'; ref: string } | { kind: 'Deleted'; id: Digest };

interface Conflict {
  hard: boolean;
  used: boolean;
  message: string;
}

export async function removeImage(engine: Engine, ref: string, opts: { force?: boolean; noPrune?: boolean } = {}): Promise<RmiLine[]> {
  const img = await engine.resolveImage(ref);
  const force = !!opts.force;
  const lines: RmiLine[] = [];
  const refsOf = async (id: Digest) => (await engine.store.meta.all('tags')).filter((t) => t.image === id).map((t) => t.ref);
  const containersOf = async (id: Digest) => (await engine.store.meta.all('containers')).filter((c) => c.image === id);

  let repoRefs = await refsOf(img.id);
  const byRef = repoRefs.includes(safeNormalize(ref));
  let quiet = false;
  if (byRef) {
    if (!force && repoRefs.length === 1) {
      const c = (await containersOf(img.id))[0];
      if (c) {
        throw new EngineError('IMAGE_CONFLICT', `conflict: unable to remove repository reference "${ref}" (must force) - container ${shortId(c.id)} is using its referenced image ${shortId(img.id)}`, { image: img.id, container: c.id });
      }
    }
    const full = normalize(ref);
    await engine.store.meta.write([{ op: 'delete', table: 'tags', key: full }]);
    lines.push({ kind: 'Untagged', ref: familiarString(full) });
    repoRefs = await refsOf(img.id);
    if (repoRefs.length > 0) return lines;
    quiet = true;
  } else if (repoRefs.length === 1) {
    const conflict = await findConflict(engine, img, force ? 'hard' : 'hard+stopped');
    if (conflict) throw conflictError(img, conflict);
    await untagAll(engine, img.id, lines);
  }
  await deleteHelper(engine, img, lines, force, !opts.noPrune, quiet);
  return lines;
}

async function deleteHelper(engine: Engine, img: ImageRecord, lines: RmiLine[], force: boolean, prune: boolean, quiet: boolean): Promise<void> {
  const conflict = await findConflict(engine, img, force ? 'hard' : 'all');
  if (conflict) {
    // docker's imageIsDangling: no names and no children.
    const dangling = (await engine.store.meta.all('tags')).every((t) => t.image !== img.id) && (await engine.allImages()).every((i) => i.parent !== img.id);
    if (quiet && (!dangling || conflict.used)) return;
    throw conflictError(img, conflict);
  }
  await untagAll(engine, img.id, lines);

  // Which layers (by chain ID) and blobs does the rest of the store still use?
  const others = (await engine.allImages()).filter((i) => i.id !== img.id);
  const usedChains = new Set<Digest>();
  const usedDiffs = new Set<Digest>();
  for (const o of others) {
    (await engine.chainIDsOf(o)).forEach((c) => usedChains.add(c));
    o.layers.forEach((d) => usedDiffs.add(d));
  }
  const chains = await engine.chainIDsOf(img);
  const freedDiffs = [...new Set(img.layers.filter((d) => !usedDiffs.has(d)))];
  const freedBlobs: Digest[] = [img.id];
  if (img.manifestDigest && !others.some((o) => o.manifestDigest === img.manifestDigest)) freedBlobs.push(img.manifestDigest);
  for (const d of freedDiffs) {
    const rec = await engine.store.meta.get('layers', d);
    if (rec) freedBlobs.push(rec.digest);
  }
  // Metadata first, blobs after: a crash in between leaves only orphans for the sweep.
  await engine.store.meta.write([
    { op: 'delete', table: 'images', key: img.id },
    ...freedDiffs.map((d) => ({ op: 'delete' as const, table: 'layers' as const, key: d })),
  ]);
  await engine.store.blobs.delete(freedBlobs);
  engine.dropCaches([img.id], freedDiffs);
  lines.push({ kind: 'Deleted', id: img.id });
  for (let k = chains.length - 1; k >= 0; k--) {
    if (!usedChains.has(chains[k])) lines.push({ kind: 'Deleted', id: chains[k] });
  }

  if (!prune || !img.parent) return;
  const parent = await engine.store.meta.get('images', img.parent);
  if (parent) await deleteHelper(engine, parent, lines, false, true, true);
}

async function untagAll(engine: Engine, id: Digest, lines: RmiLine[]): Promise<void> {
  const refs = (await engine.store.meta.all('tags')).filter((t) => t.image === id).map((t) => t.ref).sort();
  if (refs.length === 0) return;
  await engine.store.meta.write(refs.map((r) => ({ op: 'delete' as const, table: 'tags' as const, key: r })));
  for (const r of refs) lines.push({ kind: 'Untagged', ref: familiarString(r) });
}

/** docker's checkImageDeleteConflict: hard conflicts first, then the soft ones asked for. */
async function findConflict(engine: Engine, img: ImageRecord, mask: 'hard' | 'hard+stopped' | 'all'): Promise<Conflict | undefined> {
  const children = (await engine.allImages()).filter((i) => i.parent === img.id);
  if (children.length > 0) return { hard: true, used: false, message: 'image has dependent child images' };
  const containers = (await engine.store.meta.all('containers')).filter((c) => c.image === img.id);
  const running = containers.find((c) => c.state === 'running' || c.state === 'paused');
  if (running) return { hard: true, used: true, message: `image is being used by running container ${shortId(running.id)}` };
  if (mask === 'hard') return undefined;
  if (mask === 'all') {
    const refs = (await engine.store.meta.all('tags')).filter((t) => t.image === img.id);
    if (refs.length > 1) return { hard: false, used: false, message: 'image is referenced in multiple repositories' };
  }
  const stopped = containers[0];
  if (stopped) return { hard: false, used: true, message: `image is being used by stopped container ${shortId(stopped.id)}` };
  return undefined;
}

function conflictError(img: ImageRecord, c: Conflict): EngineError {
  return new EngineError('IMAGE_CONFLICT', `conflict: unable to delete ${shortId(img.id)} (${c.hard ? 'cannot be forced' : 'must be forced'}) - ${c.message}`, { image: img.id, hard: c.hard });
}

function safeNormalize(ref: string): string {
  try {
    return normalize(ref);
  } catch {
    return '';
  }
}
