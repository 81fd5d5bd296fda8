/**
 * docker's text output for the engine's operations, column for column: what the
 * shell prints and what golden tests pin. Each function takes plain data, so the
 * same rendering serves the terminal, the headless CLI and tests.
 */
import type { ImageSummary } from '../engine';
import type { HistoryRow } from '../history';
import type { RmiLine } from '../rmi';
import type { DiffLine } from '../union/types';
import { shortId } from './ids';
import { formatTable, historyCreatedBy } from './table';
import { createdAgo, historyCreatedSince, historySize, humanSize } from './units';
import { familiarName } from '../reference';

export function renderHistory(rows: HistoryRow[], now: Date, opts: { noTrunc?: boolean; human?: boolean; quiet?: boolean } = {}): string {
  const human = opts.human !== false;
  const id = (r: HistoryRow) => (r.id === '<missing>' ? r.id : opts.noTrunc ? r.id : shortId(r.id));
  if (opts.quiet) return rows.map((r) => id(r) + '\n').join('');
  return formatTable(
    ['IMAGE', 'CREATED', 'CREATED BY', 'SIZE', 'COMMENT'],
    rows.map((r) => [
      id(r),
      human ? historyCreatedSince(r.created, now) : (r.created ?? ''),
      historyCreatedBy(r.createdBy, !opts.noTrunc),
      historySize(r.size, human),
      r.comment,
    ]),
  );
}

export interface ImagesOptions {
  all?: boolean;
  quiet?: boolean;
  noTrunc?: boolean;
  /** `docker images REPOSITORY[:TAG]` */
  filter?: string;
}

/** `docker images`: one row per tag; untagged images as <none>; intermediates only with -a. */
export function renderImages(images: ImageSummary[], now: Date, opts: ImagesOptions = {}): string {
  const rows: Array<{ repo: string; tag: string; img: ImageSummary }> = [];
  for (const img of images) {
    if (img.intermediate && !opts.all) continue;
    if (img.tags.length === 0) {
      if (!opts.filter) rows.push({ repo: '<none>', tag: '<none>', img });
      continue;
    }
    for (const t of img.tags) {
      const i = t.lastIndexOf(':');
      const repo = t.slice(0, i);
      const tag = t.slice(i + 1);
      if (opts.filter) {
        const [fr, ft] = opts.filter.includes(':') ? [opts.filter.slice(0, opts.filter.lastIndexOf(':')), opts.filter.slice(opts.filter.lastIndexOf(':') + 1)] : [opts.filter, undefined];
        if (familiarName(fr) !== repo || (ft !== undefined && ft !== tag)) continue;
      }
      rows.push({ repo, tag, img });
    }
  }
  const id = (img: ImageSummary) => (opts.noTrunc ? img.id : shortId(img.id));
  if (opts.quiet) {
    const seen = new Set<string>();
    return rows.map((r) => id(r.img)).filter((x) => !seen.has(x) && seen.add(x)).map((x) => x + '\n').join('');
  }
  return formatTable(
    ['REPOSITORY', 'TAG', 'IMAGE ID', 'CREATED', 'SIZE'],
    rows.map((r) => [r.repo, r.tag, id(r.img), createdAgo(r.img.created, now), humanSize(r.img.size)]),
  );
}

export function renderRmi(lines: RmiLine[]): string {
  return lines.map((l) => (l.kind === 'Untagged' ? `Untagged: ${l.ref}\n` : `Deleted: ${l.id}\n`)).join('');
}

export function renderDiff(lines: DiffLine[]): string {
  return lines.map((l) => `${l.kind} ${l.path}\n`).join('');
}
