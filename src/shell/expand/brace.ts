/**
 * Brace expansion (`{a,b}`, `{1..5}`, `{a..e..2}`), which bash does before
 * every other expansion. Here it applies to unquoted literal text: braces
 * that span quotes or `$` expansions stay literal.
 */
import type { Word, WordPart } from '../syntax/ast';

const SEQ_NUM = /^([-+]?[0-9]+)\.\.([-+]?[0-9]+)(?:\.\.([-+]?[0-9]+))?$/;
const SEQ_CHAR = /^([a-zA-Z])\.\.([a-zA-Z])(?:\.\.([-+]?[0-9]+))?$/;

function sequence(body: string): string[] | null {
  const n = SEQ_NUM.exec(body);
  if (n) {
    const a = Number(n[1]);
    const b = Number(n[2]);
    const step = Math.abs(Number(n[3] ?? 1)) || 1;
    const width = /^[-+]?0[0-9]/.test(n[1]) || /^[-+]?0[0-9]/.test(n[2]) ? Math.max(n[1].length, n[2].length) : 0;
    const out: string[] = [];
    for (let v = a; a <= b ? v <= b : v >= b; v += a <= b ? step : -step) {
      const s = String(Math.abs(v)).padStart(width - (v < 0 ? 1 : 0), '0');
      out.push(v < 0 ? '-' + s : s);
      if (out.length > 100_000) break;
    }
    return out;
  }
  const c = SEQ_CHAR.exec(body);
  if (c) {
    const a = c[1].charCodeAt(0);
    const b = c[2].charCodeAt(0);
    const step = Math.abs(Number(c[3] ?? 1)) || 1;
    const out: string[] = [];
    for (let v = a; a <= b ? v <= b : v >= b; v += a <= b ? step : -step) out.push(String.fromCharCode(v));
    return out;
  }
  return null;
}

/** The alternatives of the brace expression opening at `open`, and where it closes. */
function alternatives(s: string, open: number): { alts: string[]; close: number } | null {
  let depth = 0;
  const commas: number[] = [];
  for (let i = open; i < s.length; i++) {
    const c = s[i];
    if (c === '{') depth++;
    else if (c === '}') {
      depth--;
      if (depth === 0) {
        const body = s.slice(open + 1, i);
        if (commas.length) {
          const alts: string[] = [];
          let from = open + 1;
          for (const k of [...commas, i]) { alts.push(s.slice(from, k)); from = k + 1; }
          return { alts, close: i };
        }
        const seq = sequence(body);
        return seq ? { alts: seq, close: i } : null;
      }
    } else if (c === ',' && depth === 1) commas.push(i);
  }
  return null;
}

/** Expands the braces of a piece of literal text; text without any comes back alone. */
export function expandBraces(s: string): string[] {
  for (let open = s.indexOf('{'); open >= 0; open = s.indexOf('{', open + 1)) {
    const r = alternatives(s, open);
    if (!r) continue;
    const prefix = s.slice(0, open);
    const suffix = s.slice(r.close + 1);
    return r.alts.flatMap((alt) => expandBraces(prefix + alt + suffix));
  }
  return [s];
}

/** A word becomes several words when one of its unquoted literal parts has braces. */
export function braceWord(word: Word): Word[] {
  const idx = word.parts.findIndex((p) => p.type === 'Lit' && p.value.includes('{'));
  if (idx < 0) return [word];
  const lit = word.parts[idx] as { value: string };
  const alts = expandBraces(lit.value);
  if (alts.length === 1) {
    // Nothing to expand here; later parts may still have braces.
    const rest = braceWord({ type: 'Word', parts: word.parts.slice(idx + 1) });
    return rest.map((r) => ({ type: 'Word', parts: [...word.parts.slice(0, idx + 1), ...r.parts] }));
  }
  return alts.flatMap((alt) => {
    const part: WordPart = { type: 'Lit', value: alt };
    return braceWord({ type: 'Word', parts: [...word.parts.slice(0, idx), part, ...word.parts.slice(idx + 1)] });
  });
}
