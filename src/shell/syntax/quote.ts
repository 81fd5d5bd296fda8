/**
 * Quoting text back into shell syntax, for what the shell prints and the user
 * may paste back: `set -x` traces, `alias`, `export -p`, `printf %q`.
 */

const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

function hasControl(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

/** Single-quote style, as bash prints traces and aliases: `'a b'`, `'it'\''s'`. */
export function quote(s: string): string {
  if (s === '') return "''";
  if (SAFE.test(s)) return s;
  if (hasControl(s)) return ansiC(s);
  return "'" + s.replace(/'/g, "'\\''") + "'";
}

/** Backslash style, as `printf %q` prints: `a\ b`. */
export function quoteBackslash(s: string): string {
  if (s === '') return "''";
  if (hasControl(s)) return ansiC(s);
  let out = '';
  for (const c of s) out += /[A-Za-z0-9_@%+=:,./-]/.test(c) || c.charCodeAt(0) > 127 ? c : '\\' + c;
  return out;
}

function ansiC(s: string): string {
  const named: Record<string, string> = { '\n': '\\n', '\t': '\\t', '\r': '\\r', '\x1b': '\\E', '\\': '\\\\', "'": "\\'" };
  let out = "$'";
  for (const c of s) {
    const code = c.charCodeAt(0);
    if (named[c]) out += named[c];
    else if (code < 0x20 || code === 0x7f) out += '\\' + code.toString(8).padStart(3, '0');
    else out += c;
  }
  return out + "'";
}
