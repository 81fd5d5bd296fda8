/**
 * `docker commit`: the container's writable layer becomes one new layer on top of
 * its image, and the image config is the parent's with the container's config,
 * the requested --change lines and one more history entry. Volumes and the
 * generated /etc files are mounts beside the writable layer, so they never get in.
 */
import { applyChanges } from './changes';
import { resolveContainer, setState } from './containers';
import type { Engine } from './engine';
import { EngineError } from './errors';
import { EMPTY_LAYER_DIFFID, encodeJSON, isoNow } from './image';
import { buildLayer } from './layers';
import { parseReference } from './reference';
import { MAX_LAYERS, type HistoryEntry, type ImageConfig, type ImageRecord } from './types';

export interface CommitOptions {
  /** "repo[:tag]" to tag the new image with. */
  reference?: string;
  author?: string;
  message?: string;
  changes?: string[];
  /** Pause the container while committing (docker's default: true). */
  pause?: boolean;
}

export async function commitContainer(engine: Engine, ref: string, opts: CommitOptions = {}): Promise<ImageRecord> {
  const c = await resolveContainer(engine, ref);
  if (opts.reference) {
    const r = parseReference(opts.reference);
    if (r.digest) throw new EngineError('INVALID_REFERENCE', 'refusing to create a tag with a digest reference', { ref: opts.reference });
  }
  const parent = await engine.getImage(c.image);
  const { config: parentConfig } = await engine.configOf(parent);
  // Validate --change lines before doing any work, so bad input writes nothing.
  const newContainerConfig = applyChanges(c.config, opts.changes ?? []);

  const pause = opts.pause !== false && c.state === 'running';
  if (pause) await setState(engine, c.id, 'pause');
  try {
    const fs = await engine.openContainer(c.id);
    await fs.flush();
    const layer = await buildLayer(fs.changes());
    const empty = layer.record.diffID === EMPTY_LAYER_DIFFID;
    const diffIDs = empty ? parentConfig.rootfs.diff_ids : [...parentConfig.rootfs.diff_ids, layer.record.diffID];
    if (diffIDs.length > MAX_LAYERS) throw new EngineError('MAX_DEPTH', 'max depth exceeded', { layers: diffIDs.length, max: MAX_LAYERS });

    const created = isoNow(engine.now());
    const entry: HistoryEntry = { created, created_by: (c.config.Cmd ?? []).join(' ') };
    if (opts.author) entry.author = opts.author;
    if (opts.message) entry.comment = opts.message;
    if (empty) entry.empty_layer = true;
    const config: ImageConfig = {
      ...parentConfig,
      created,
      container: c.id,
      config: newContainerConfig,
      rootfs: { type: 'layers', diff_ids: diffIDs },
      history: [...(parentConfig.history ?? []), entry],
    };
    if (opts.author) config.author = opts.author;
    else delete config.author;
    if (opts.message) config.comment = opts.message;
    else delete config.comment;
    const raw = await encodeJSON(config);
    return await engine.putImage({
      configRaw: raw.bytes,
      configDigest: raw.digest,
      newLayers: empty ? [] : [layer],
      parent: parent.id,
      tags: opts.reference ? [opts.reference] : [],
    });
  } finally {
    if (pause) await setState(engine, c.id, 'unpause');
  }
}
