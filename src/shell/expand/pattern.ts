/**
 * Shell patterns (`*`, `?`, `[...]`) as used by `case`, `${x#pat}` and
 * pathname expansion. A pattern string marks literal characters with a
 * preceding backslash, which is how quoted text reaches here from expansion.
 */

const CLASSES: Record<string, string> = {
  alpha: 'A-Za-z', digit: '0-9', alnum: 'A-Za-z0-9', upper: 'A-Z', lower: 'a-z',
  space: ' \\t\\n\\r\\f\\v', blank: ' \\t', punct: '!-\\/:-@\\[-`{-~', xdigit: '0-9A-Fa-f',
  word: 'A-Za-z0-9_', cntrl: '\\x00-\\x1f\\x7f', print: '\\x20-\\x7e', graph: '\\x21-\\x7e',
};

const cache = new Map<string, RegExp>();

function reEscape(c: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(c) ? '\\' + c : c;
}

/** Regular-expression source matching what the pattern matches. */
export function patternSource(pat: string): string {
  let out = '';
  for (let i = 0; i < pat.length; i++) {
    const c = pat[i];
    if (c === '\\' && i + 1 < pat.length) out += reEscape(pat[++i]);
    else if (c === '*') out += '[\\s\\S]*';
    else if (c === '?') out += '[\\s\\S]';
    else if (c === '[') {
      const cls = bracket(pat, i);
      if (cls) { out += cls.src; i = cls.end; } else out += '\\[';
    } else out += reEscape(c);
  }
  return out;
}

/** A `[...]` expression starting at `start`, or null when it is not closed (then `[` is literal). */
function bracket(pat: string, start: number): { src: string; end: number } | null {
  let i = start + 1;
  let negate = false;
  if (pat[i] === '!' || pat[i] === '^') { negate = true; i++; }
  let body = '';
  let first = true;
  for (; i < pat.length; i++) {
    const c = pat[i];
    if (c === ']' && !first) return { src: `[${negate ? '^' : ''}${body}]`, end: i };
    first = false;
    if (c === '[' && pat[i + 1] === ':') {
      const close = pat.indexOf(':]', i + 2);
      const name = close > 0 ? pat.slice(i + 2, close) : '';
      if (name in CLASSES) { body += CLASSES[name]; i = close + 1; continue; }
    }
    if (c === '\\' && i + 1 < pat.length) { body += '\\' + pat[++i]; continue; }
    if (c === '-' && body !== '' && pat[i + 1] !== ']') { body += '-'; continue; }
    body += c === ']' || c === '\\' || c === '^' || c === '-' || c === '[' ? '\\' + c : c;
  }
  return null;
}

export function patternRegExp(pat: string): RegExp {
  let re = cache.get(pat);
  if (!re) {
    try {
      re = new RegExp(`^(?:${patternSource(pat)})$`);
    } catch {
      // A range such as `[z-a]` is invalid in both bash and JS; it matches nothing.
      re = /(?!)/;
    }
    if (cache.size > 500) cache.clear();
    cache.set(pat, re);
  }
  return re;
}

export function matchPattern(pat: string, s: string): boolean {
  return patternRegExp(pat).test(s);
}

/** Whether the pattern has an unescaped `*`, `?` or `[`. */
export function hasGlob(pat: string): boolean {
  for (let i = 0; i < pat.length; i++) {
    const c = pat[i];
    if (c === '\\') i++;
    else if (c === '*' || c === '?' || c === '[') return true;
  }
  return false;
}

/** The literal text of a pattern: escapes removed. */
export function unescapePattern(pat: string): string {
  return pat.replace(/\\([\s\S])/g, '$1');
}

/** Marks every special character of literal text so a pattern treats it literally. */
export function escapePattern(s: string): string {
  return s.replace(/[\\*?[\]]/g, '\\$&');
}

/**
 * Removes the shortest or longest prefix (`#`, `##`) or suffix (`%`, `%%`)
 * matching the pattern, as `${x#pat}` does.
 */
export function stripPattern(s: string, pat: string, op: '#' | '##' | '%' | '%%'): string {
  const re = patternRegExp(pat);
  const chars = [...s];
  const n = chars.length;
  if (op === '#' || op === '##') {
    for (let k = op === '#' ? 0 : n; op === '#' ? k <= n : k >= 0; k += op === '#' ? 1 : -1) {
      if (re.test(chars.slice(0, k).join(''))) return chars.slice(k).join('');
    }
  } else {
    for (let k = op === '%' ? n : 0; op === '%' ? k >= 0 : k <= n; k += op === '%' ? -1 : 1) {
      if (re.test(chars.slice(k).join(''))) return chars.slice(0, k).join('');
    }
  }
  return s;
}

/** `${x/pat/rep}`: a pattern starting with `#` or `%` is anchored at the start or end. */
export function replacePattern(s: string, pat: string, rep: string, all: boolean): string {
  let anchor = '';
  if (pat.startsWith('#') || pat.startsWith('%')) { anchor = pat[0]; pat = pat.slice(1); }
  if (pat === '') return anchor === '#' ? rep + s : anchor === '%' ? s + rep : s;
  const src = patternSource(pat);
  // Longest match at the leftmost position, as bash does.
  const re = new RegExp(anchor === '#' ? `^(?:${src})` : anchor === '%' ? `(?:${src})$` : `(?:${src})`, all && !anchor ? 'g' : '');
  return s.replace(re, (m) => (m === '' && !anchor ? m : rep));
}
