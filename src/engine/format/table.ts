/**
 * docker's table output: Go's text/tabwriter as docker/cli configures it, plus the
 * per-column text conventions (ellipsis, quoting) that decide what goes in the cells.
 */

export interface TabwriterOptions {
  /** Minimal cell width, padding included. */
  minwidth: number;
  /** Spaces added to the widest cell of a column. */
  padding: number;
}

/**
 * `tabwriter.NewWriter(out, 10, 1, 3, ' ', 0)` — what docker/cli's formatter
 * (formatter.go postFormat) uses for every `table` format. `docker top` and the
 * context commands use minwidth 20 instead.
 */
export const DOCKER_TABLE: TabwriterOptions = { minwidth: 10, padding: 3 };

/** Width the way tabwriter counts it: one per code point, wide characters included. */
function runeCount(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/**
 * Go text/tabwriter with padchar ' ' and no flags, over text made of '\t'-terminated
 * cells and '\n'-terminated lines. What it does, and so what this does:
 * - only tab-terminated cells belong to a column; the text after a line's last tab
 *   is written as is, never padded;
 * - a column is a run of consecutive lines that all have a cell in it, and its width
 *   is max(minwidth, widest cell + padding), computed per run (elastic tabstops);
 * - every cell in a column is padded to that width, empty ones and those followed
 *   by an empty last cell included, so a line ending in '\t' keeps trailing spaces.
 */
export function tabwrite(text: string, opts: TabwriterOptions = DOCKER_TABLE): string {
  const segments = text.split('\n');
  const lines: string[][] = segments.map((seg, i) =>
    // Text after the final '\n' is a cell only if non-empty (tabwriter's Flush).
    i === segments.length - 1 && seg === '' ? [] : seg.split('\t'),
  );
  let out = '';

  const writeLines = (line0: number, line1: number, widths: number[]) => {
    for (let i = line0; i < line1; i++) {
      const line = lines[i]!;
      for (let j = 0; j < line.length; j++) {
        const cell = line[j]!;
        out += cell;
        if (j < widths.length) out += ' '.repeat(widths[j]! - runeCount(cell));
      }
      if (i + 1 < lines.length) out += '\n';
    }
  };

  // tabwriter.format: find the next block of lines with a cell in `column`, size
  // it, and recurse for the columns to its right.
  const format = (line0: number, line1: number, widths: number[]) => {
    const column = widths.length;
    for (let row = line0; row < line1; row++) {
      if (column >= lines[row]!.length - 1) continue;
      writeLines(line0, row, widths);
      line0 = row;
      let width = opts.minwidth;
      for (; row < line1; row++) {
        const line = lines[row]!;
        if (column >= line.length - 1) break;
        const w = runeCount(line[column]!) + opts.padding;
        if (w > width) width = w;
      }
      format(line0, row, [...widths, width]);
      line0 = row;
    }
    writeLines(line0, line1, widths);
  };

  format(0, lines.length, []);
  return out;
}

/**
 * A docker `table` listing: the header row then one row per item, each line
 * '\n'-terminated, columns joined by tabs and laid out by tabwriter — so the last
 * column is never padded, and rows whose last cell is empty keep trailing spaces
 * (as `docker history` does with its empty COMMENT column).
 */
export function formatTable(header: string[], rows: string[][], opts: TabwriterOptions = DOCKER_TABLE): string {
  let text = header.join('\t') + '\n';
  for (const r of rows) text += r.join('\t') + '\n';
  return tabwrite(text, opts);
}

// East Asian Wide and Fullwidth ranges (Unicode EastAsianWidth.txt, W and F), the
// ones golang.org/x/text/width reports as two columns. Sorted, inclusive.
const WIDE: ReadonlyArray<readonly [number, number]> = [
  [0x1100, 0x115f], [0x231a, 0x231b], [0x2329, 0x232a], [0x23e9, 0x23ec], [0x23f0, 0x23f0],
  [0x23f3, 0x23f3], [0x25fd, 0x25fe], [0x2614, 0x2615], [0x2648, 0x2653], [0x267f, 0x267f],
  [0x2693, 0x2693], [0x26a1, 0x26a1], [0x26aa, 0x26ab], [0x26bd, 0x26be], [0x26c4, 0x26c5],
  [0x26ce, 0x26ce], [0x26d4, 0x26d4], [0x26ea, 0x26ea], [0x26f2, 0x26f3], [0x26f5, 0x26f5],
  [0x26fa, 0x26fa], [0x26fd, 0x26fd], [0x2705, 0x2705], [0x270a, 0x270b], [0x2728, 0x2728],
  [0x274c, 0x274c], [0x274e, 0x274e], [0x2753, 0x2755], [0x2757, 0x2757], [0x2795, 0x2797],
  [0x27b0, 0x27b0], [0x27bf, 0x27bf], [0x2b1b, 0x2b1c], [0x2b50, 0x2b50], [0x2b55, 0x2b55],
  [0x2e80, 0x303e], [0x3041, 0x33ff], [0x3400, 0x4dbf], [0x4e00, 0x9fff], [0xa000, 0xa4cf],
  [0xa960, 0xa97f], [0xac00, 0xd7a3], [0xf900, 0xfaff], [0xfe10, 0xfe19], [0xfe30, 0xfe6f],
  [0xff00, 0xff60], [0xffe0, 0xffe6], [0x16fe0, 0x16fe4], [0x17000, 0x18cff], [0x1b000, 0x1b2ff],
  [0x1f004, 0x1f004], [0x1f0cf, 0x1f0cf], [0x1f18e, 0x1f18e], [0x1f191, 0x1f19a], [0x1f200, 0x1f202],
  [0x1f210, 0x1f23b], [0x1f240, 0x1f248], [0x1f250, 0x1f251], [0x1f260, 0x1f265], [0x1f300, 0x1f320],
  [0x1f32d, 0x1f335], [0x1f337, 0x1f37c], [0x1f37e, 0x1f393], [0x1f3a0, 0x1f3ca], [0x1f3cf, 0x1f3d3],
  [0x1f3e0, 0x1f3f0], [0x1f3f4, 0x1f3f4], [0x1f3f8, 0x1f43e], [0x1f440, 0x1f440], [0x1f442, 0x1f4fc],
  [0x1f4ff, 0x1f53d], [0x1f54b, 0x1f54e], [0x1f550, 0x1f567], [0x1f57a, 0x1f57a], [0x1f595, 0x1f596],
  [0x1f5a4, 0x1f5a4], [0x1f5fb, 0x1f64f], [0x1f680, 0x1f6c5], [0x1f6cc, 0x1f6cc], [0x1f6d0, 0x1f6d2],
  [0x1f6d5, 0x1f6d7], [0x1f6dc, 0x1f6df], [0x1f6eb, 0x1f6ec], [0x1f6f4, 0x1f6fc], [0x1f7e0, 0x1f7eb],
  [0x1f7f0, 0x1f7f0], [0x1f90c, 0x1f93a], [0x1f93c, 0x1f945], [0x1f947, 0x1f9ff], [0x1fa70, 0x1faff],
  [0x20000, 0x2fffd], [0x30000, 0x3fffd],
];

/** Display width of one code point: 2 for East Asian Wide/Fullwidth, else 1 (docker/cli charWidth). */
export function charWidth(cp: number): number {
  let lo = 0;
  let hi = WIDE.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [a, b] = WIDE[mid]!;
    if (cp < a) hi = mid - 1;
    else if (cp > b) lo = mid + 1;
    else return 2;
  }
  return 1;
}

/**
 * docker/cli formatter.Ellipsis: fit `s` in `max` display columns, ending in '…'
 * when cut. Pure ASCII is cut by characters; anything else by display width, with
 * docker's quirks kept: max 1 returns the first character whatever its width, and
 * a string whose first character is already wider than max-1 comes back whole.
 */
export function truncate(s: string, max: number): string {
  if (max <= 0) return '';
  const rs = [...s];
  if (max === 1) return rs[0] ?? '';
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(s)) {
    if (s.length <= max) return s;
    return s.slice(0, max - 1) + '…';
  }
  const display: number[] = [];
  let width = 0;
  for (const r of rs) {
    width += charWidth(r.codePointAt(0)!);
    display.push(width);
  }
  if (width <= max) return s;
  for (let i = 0; i + 1 < display.length; i++) {
    if (display[i]! <= max - 1 && display[i + 1]! > max - 1) return rs.slice(0, i + 1).join('') + '…';
  }
  return s;
}

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;
const NAMED_ESCAPES: Record<string, string> = {
  '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v',
};

/**
 * Go's strconv.Quote: double quotes, `\"` and `\\`, printable runes (letters, marks,
 * numbers, punctuation, symbols, ASCII space) kept as they are, the rest escaped
 * as \a..\v, \xNN, \uNNNN or \UNNNNNNNN.
 */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (cp === 0x20 || PRINTABLE.test(ch)) out += ch;
    else if (NAMED_ESCAPES[ch]) out += NAMED_ESCAPES[ch];
    else if (cp < 0x20 || cp === 0x7f) out += '\\x' + cp.toString(16).padStart(2, '0');
    else if (cp >= 0xd800 && cp <= 0xdfff) out += '\\ufffd'; // lone surrogate: not a valid rune
    else if (cp < 0x10000) out += '\\u' + cp.toString(16).padStart(4, '0');
    else out += '\\U' + cp.toString(16).padStart(8, '0');
  }
  return out + '"';
}

/**
 * The container's command as the daemon reports it in `docker ps`: Path, then the
 * args joined by spaces, each arg containing a space wrapped in single quotes
 * (moby daemon/container/view.go) — no other quoting or escaping.
 */
export function psCommand(path: string, args: readonly string[]): string {
  if (args.length === 0) return path;
  return path + ' ' + args.map((a) => (a.includes(' ') ? `'${a}'` : a)).join(' ');
}

/** `docker ps` COMMAND cell: cut to 20 columns (unless --no-trunc), then Go-quoted. */
export function psCommandColumn(command: string, trunc = true): string {
  return goQuote(trunc ? truncate(command, 20) : command);
}

/** `docker history` CREATED BY cell: tabs become spaces (they would split the table), cut to 45 columns. */
export function historyCreatedBy(createdBy: string, trunc = true): string {
  const s = createdBy.replaceAll('\t', ' ');
  return trunc ? truncate(s, 45) : s;
}
