/**
 * Small re-implementations of the Go standard-library string helpers that
 * BuildKit's Dockerfile parser relies on, so that our output matches it
 * character for character: unicode.IsSpace, strings.TrimSpace, regexp.Split
 * (with its `n` semantics) and strconv.Quote (used by Node.Dump).
 *
 * Strings are JS (UTF-16) strings; iteration is by code point where Go
 * iterates by rune.
 */

const WHITE_SPACE = /^\p{White_Space}$/u;
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/** Go's unicode.IsSpace (Unicode White_Space property; same set as Go's table). */
export function isSpace(ch: string): boolean {
  if (ch.length === 0) return false;
  const c = ch.charCodeAt(0);
  if (c < 0x80) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  return WHITE_SPACE.test(ch);
}

/** Go's strings.TrimSpace: trims unicode.IsSpace code points from both ends. */
export function trimSpace(s: string): string {
  return trimRightSpace(trimLeftSpace(s));
}

export function trimLeftSpace(s: string): string {
  let i = 0;
  while (i < s.length) {
    const cp = s.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    if (!isSpace(ch)) break;
    i += ch.length;
  }
  return s.slice(i);
}

export function trimRightSpace(s: string): string {
  let j = s.length;
  while (j > 0) {
    // white space code points are all in the BMP
    if (!isSpace(s[j - 1])) break;
    j--;
  }
  return s.slice(0, j);
}

/** Go's unicode.IsLetter. */
export function isLetter(ch: string): boolean {
  return /^\p{L}$/u.test(ch);
}

/** Go's unicode.IsDigit (decimal digits, category Nd). */
export function isDigit(ch: string): boolean {
  return /^\p{Nd}$/u.test(ch);
}

/**
 * Go's (*regexp.Regexp).Split(s, n). `re` must be a non-empty-matching regex;
 * it is used with the global flag internally. n < 0 means "all".
 */
export function goSplit(re: RegExp, s: string, n: number): string[] {
  if (n === 0) return [];
  if (s.length === 0) return [''];
  const g = new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g');
  const out: string[] = [];
  let beg = 0;
  let end = 0;
  let m: RegExpExecArray | null;
  while ((m = g.exec(s)) !== null) {
    if (m[0].length === 0) { g.lastIndex++; continue; }
    if (n > 0 && out.length === n - 1) break;
    end = m.index;
    if (m.index + m[0].length !== 0) out.push(s.slice(beg, end));
    beg = m.index + m[0].length;
  }
  if (end !== s.length) out.push(s.slice(beg));
  return out;
}

const LOWER_HEX = '0123456789abcdef';

function hex(n: number, width: number): string {
  let out = '';
  for (let i = width - 1; i >= 0; i--) out += LOWER_HEX[(n >> (i * 4)) & 0xf];
  return out;
}

/** Go's strconv.Quote: a double-quoted Go string literal. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    let cp = ch.codePointAt(0)!;
    // A lone surrogate cannot come from valid UTF-8; Go would see U+FFFD.
    if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
    const c = String.fromCodePoint(cp);
    if (c === '"' || c === '\\') { out += '\\' + c; continue; }
    if (PRINTABLE.test(c)) { out += c; continue; }
    switch (cp) {
      case 0x07: out += '\\a'; continue;
      case 0x08: out += '\\b'; continue;
      case 0x0c: out += '\\f'; continue;
      case 0x0a: out += '\\n'; continue;
      case 0x0d: out += '\\r'; continue;
      case 0x09: out += '\\t'; continue;
      case 0x0b: out += '\\v'; continue;
    }
    if (cp < 0x20 || cp === 0x7f) out += '\\x' + hex(cp, 2);
    else if (cp < 0x10000) out += '\\u' + hex(cp, 4);
    else out += '\\U' + hex(cp, 8);
  }
  return out + '"';
}

/** Go's fmt "%q" applied to a []string: `["a" "b"]`. */
export function goQuoteSlice(list: readonly string[]): string {
  return '[' + list.map(goQuote).join(' ') + ']';
}

/** Levenshtein distance over code points (unit costs), as agext/levenshtein.Distance. */
export function levenshtein(a: string, b: string): number {
  const s = [...a];
  const t = [...b];
  if (s.length === 0) return t.length;
  if (t.length === 0) return s.length;
  let prev = Array.from({ length: t.length + 1 }, (_, i) => i);
  for (let i = 1; i <= s.length; i++) {
    const cur = [i];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
    }
    prev = cur;
  }
  return prev[t.length];
}

/**
 * BuildKit's util/suggest: returns " (did you mean X?)" style match for `val`
 * among `options` (distance < 3, exact matches suppress the suggestion).
 * Options are scanned in the given order (Go iterates a map; we sort callers' lists).
 */
export function suggest(val: string, options: readonly string[], caseSensitive: boolean): string | null {
  const orig = val;
  if (!caseSensitive) val = val.toLowerCase();
  let match = '';
  let mindist = 3;
  for (let opt of options) {
    if (!caseSensitive) opt = opt.toLowerCase();
    if (val === opt) return null;
    const dist = levenshtein(val, opt);
    if (dist < mindist) {
      match = caseSensitive ? opt : matchCase(opt, orig);
      mindist = dist;
    }
  }
  return match === '' ? null : match;
}

function matchCase(val: string, orig: string): string {
  if (orig === orig.toLowerCase()) return val.toLowerCase();
  if (orig === orig.toUpperCase()) return val.toUpperCase();
  return val;
}

/** Appends BuildKit's suggestion suffix to `message` when one applies. */
export function withSuggestion(message: string, val: string, options: readonly string[], caseSensitive: boolean): string {
  const m = suggest(val, options, caseSensitive);
  return m === null ? message : `${message} (did you mean ${m}?)`;
}
