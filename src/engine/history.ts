/**
 * `docker history`: one row per history entry, newest first. Sizes come from the
 * layer records; the IMAGE column walks the local parent chain, so entries with
 * no local image standing for them show <missing> — as classic docker does.
 */
import type { Engine } from './engine';
import { EngineError } from './errors';
import type { Digest, HistoryEntry } from './types';

export interface HistoryRow {
  id: Digest | '<missing>';
  created: string | undefined;
  createdBy: string;
  size: number;
  comment: string;
  emptyLayer: boolean;
  tags: string[];
  /** Index into the image's layers for non-empty entries (explorers link rows to layers). */
  layerIndex?: number;
}

export async function imageHistory(engine: Engine, ref: string): Promise<HistoryRow[]> {
  const img = await engine.resolveImage(ref);
  const { config } = await engine.configOf(img);
  const records = await engine.layerRecords(img);
  const rows: HistoryRow[] = [];
  let layer = 0;
  const history = config.history && config.history.length > 0
    ? config.history
    // An image without history (e.g. hand-made) still has layers: one row each.
    : config.rootfs.diff_ids.map((): HistoryEntry => ({ created: config.created, created_by: '', empty_layer: false }));
  for (const h of history) {
    let size = 0;
    let layerIndex: number | undefined;
    if (!h.empty_layer) {
      const rec = records[layer];
      if (!rec) throw new EngineError('BAD_CONFIG', 'too many non-empty layers in History section', { image: img.id });
      size = rec.size;
      layerIndex = layer++;
    }
    rows.unshift({ id: '<missing>', created: h.created, createdBy: h.created_by ?? '', size, comment: h.comment ?? '', emptyLayer: !!h.empty_layer, tags: [], layerIndex });
  }
  const tags = await engine.tagsByImage();
  let cur: typeof img | undefined = img;
  for (const row of rows) {
    if (!cur) break;
    row.id = cur.id;
    row.tags = tags.get(cur.id) ?? [];
    cur = cur.parent ? await engine.store.meta.get('images', cur.parent) : undefined;
  }
  return rows;
}
