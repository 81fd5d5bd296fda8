/**
 * Building a bundled image from its definition, and `docker pull` of one. The
 * build is deterministic (fixed times, generated content), so a bundled image has
 * the same ID in every browser — what makes share links reproduce IDs.
 */
import type { Engine } from '../../engine/engine';
import { EngineError } from '../../engine/errors';
import { encodeJSON } from '../../engine/image';
import { buildLayer, type BuiltLayer } from '../../engine/layers';
import { familiarName, normalize, parseReference } from '../../engine/reference';
import type { ContainerConfig, HistoryEntry, ImageConfig, ImageRecord, LayerChanges, TreeEntry } from '../../engine/types';
import { APPLET_MAGIC } from '../host';
import { CATALOG, type BaseImageDef, type FileSpec } from './catalog';

const enc = new TextEncoder();

/** Filler that looks like a file's bulk but compresses ~1000:1. */
function filler(path: string, size: number): Uint8Array {
  const line = enc.encode(`${path}: layerlab generated content, standing in for compiled code. `.padEnd(96, '.') + '\n');
  const out = new Uint8Array(size);
  for (let o = 0; o < size; o += line.length) out.set(line.subarray(0, Math.min(line.length, size - o)), o);
  return out;
}

function changesOf(files: FileSpec[], mtime: number): LayerChanges {
  const entries = new Map<string, TreeEntry>();
  const base = { uid: 0, gid: 0, mtime };
  for (const f of files) {
    if ('dir' in f) entries.set(f.path, { ...base, type: 'dir', mode: f.mode ?? 0o755 });
    else if ('text' in f) entries.set(f.path, { ...base, type: 'file', mode: f.mode ?? 0o644, data: enc.encode(f.text) });
    else if ('applet' in f) entries.set(f.path, { ...base, type: 'file', mode: 0o755, data: enc.encode(`${APPLET_MAGIC}${f.applet}\n`) });
    else if ('link' in f) entries.set(f.path, { ...base, type: 'symlink', mode: 0o777, target: f.link });
    else entries.set(f.path, { ...base, type: 'file', mode: 0o644, data: filler(f.path, f.filler) });
  }
  return { entries, whiteouts: new Set(), opaque: new Set() };
}

export function findDef(ref: string): { def: BaseImageDef; tag: string } | undefined {
  const r = parseReference(ref);
  if (r.domain !== 'docker.io' || r.digest) return undefined;
  const repo = familiarName(normalize(ref));
  const tag = r.tag ?? 'latest';
  const def = CATALOG.find((d) => d.repo === repo && d.tags.includes(tag));
  return def ? { def, tag } : undefined;
}

interface Built {
  layers: BuiltLayer[];
  history: HistoryEntry[];
  config: ContainerConfig;
}

async function buildDef(def: BaseImageDef): Promise<Built> {
  let acc: Built = { layers: [], history: [], config: {} };
  if (def.base) {
    const b = findDef(def.base);
    if (!b) throw new EngineError('INTERNAL', `bundled image ${def.repo} names an unknown base ${def.base}`);
    acc = await buildDef(b.def);
  }
  const mtime = Math.floor(Date.parse(def.created) / 1000);
  for (const l of def.layers) {
    const empty = l.files.length === 0;
    acc.history.push({ created: def.created, created_by: l.createdBy, ...(empty ? { empty_layer: true } : {}) });
    if (!empty) acc.layers.push(await buildLayer(changesOf(l.files, mtime)));
  }
  acc.config = def.config;
  return acc;
}

export interface PullResult {
  image: ImageRecord;
  /** docker's pull progress lines. */
  lines: string[];
  /** False when the image was already here ("Image is up to date"). */
  downloaded: boolean;
}

/** `docker pull` from the bundled set; unknown names fail with docker's error. */
export async function pullImage(engine: Engine, ref: string): Promise<PullResult> {
  const found = findDef(ref);
  const full = normalize(ref.includes(':') || ref.includes('@') ? ref : `${ref}:latest`);
  const familiar = full.replace(/^docker\.io\/(library\/)?/, '');
  if (!found) {
    const repo = familiarName(full);
    throw new EngineError('NO_SUCH_IMAGE', `pull access denied for ${repo}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied`, { ref });
  }
  const { def, tag } = found;
  const lines = [`${tag}: Pulling from ${familiarName(full).includes('/') ? familiarName(full) : `library/${familiarName(full)}`}`];
  const built = await buildDef(def);
  const cfg: ImageConfig = {
    architecture: 'amd64', os: 'linux', created: def.created, config: built.config,
    rootfs: { type: 'layers', diff_ids: built.layers.map((l) => l.record.diffID) },
    history: built.history,
  };
  const raw = await encodeJSON(cfg);
  const existing = await engine.store.meta.get('images', raw.digest);
  const tagRow = await engine.store.meta.get('tags', full);
  if (existing && tagRow?.image === raw.digest) {
    return { image: existing, lines: [...lines, `Digest: ${existing.manifestDigest}`, `Status: Image is up to date for ${familiar}`], downloaded: false };
  }
  for (const l of built.layers) {
    const have = await engine.store.meta.get('layers', l.record.diffID);
    lines.push(`${l.record.digest.slice(7, 19)}: ${have ? 'Already exists' : 'Pull complete'}`);
  }
  const image = await engine.putImage({ configRaw: raw.bytes, configDigest: raw.digest, newLayers: built.layers, tags: [full] });
  lines.push(`Digest: ${image.manifestDigest}`, `Status: Downloaded newer image for ${familiar}`);
  return { image, lines, downloaded: true };
}
