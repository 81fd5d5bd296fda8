/**
 * `docker export` and `docker import`: a container's flat filesystem as one tar,
 * and one tar as a one-layer image. History is lost on the way, as in docker.
 */
import { gunzipSafe, isGzip } from './archive/gzip';
import { readTar, writeTar, type TarEntry } from './archive/tar';
import { applyChanges } from './changes';
import { resolveContainer } from './containers';
import type { Engine } from './engine';
import { encodeJSON, isoNow } from './image';
import { layerFromTar } from './layers';
import { parseReference } from './reference';
import { EngineError } from './errors';
import type { ImageConfig, ImageRecord } from './types';

/**
 * The merged view without whiteouts and without mounts: volumes and the generated
 * /etc files are not part of the container's filesystem, so (as with docker) only
 * what lies beneath them is exported.
 */
export async function exportContainer(engine: Engine, ref: string): Promise<Uint8Array> {
  const c = await resolveContainer(engine, ref);
  const fs = await engine.openContainer(c.id);
  const entries: TarEntry[] = [];
  for (const [path, e] of fs.walk()) {
    const t: TarEntry = { path: path.slice(1), type: e.type === 'hardlink' ? 'file' : e.type, mode: e.mode, uid: e.uid, gid: e.gid, mtime: e.mtime, size: 0 };
    if (t.type === 'file') {
      t.data = e.data ?? new Uint8Array(0);
      t.size = t.data.length;
    }
    if (e.type === 'symlink') t.linkname = e.target;
    entries.push(t);
  }
  return writeTar(entries);
}

export interface ImportOptions {
  reference?: string;
  message?: string;
  changes?: string[];
}

/** `docker import`: whiteout files in the input would delete nothing beneath, so they are dropped. */
export async function importImage(engine: Engine, input: Uint8Array, opts: ImportOptions = {}): Promise<ImageRecord> {
  if (opts.reference && parseReference(opts.reference).digest) {
    throw new EngineError('INVALID_REFERENCE', 'refusing to create a tag with a digest reference', { ref: opts.reference });
  }
  const config = applyChanges({}, opts.changes ?? []);
  const tar = isGzip(input) ? gunzipSafe(input) : input;
  const entries = readTar(tar).filter((e) => !e.path.split('/').pop()!.startsWith('.wh.'));
  const layer = await layerFromTar(writeTar(entries));
  const created = isoNow(engine.now());
  const cfg: ImageConfig = {
    architecture: 'amd64',
    os: 'linux',
    created,
    config,
    rootfs: { type: 'layers', diff_ids: [layer.record.diffID] },
    // moby's image_import.go: the history entry carries the message, or "Imported from -".
    history: [{ created, created_by: '', comment: opts.message || 'Imported from -' }],
  };
  if (opts.message) cfg.comment = opts.message;
  const raw = await encodeJSON(cfg);
  return engine.putImage({ configRaw: raw.bytes, configDigest: raw.digest, newLayers: [layer], tags: opts.reference ? [opts.reference] : [] });
}
