/**
 * Pathname expansion over an injected directory lister, one path segment at a
 * time so that `*` never crosses a `/`.
 */
import { hasGlob, matchPattern, unescapePattern } from './pattern';

/** Lists a directory (absolute path); null when it does not exist or is not a directory. */
export type ReadDir = (absDir: string) => Promise<string[] | null>;

interface Candidate { shown: string; abs: string }

function join(dir: string, name: string): string {
  return dir === '' ? name : dir.endsWith('/') ? dir + name : dir + '/' + name;
}

/**
 * The sorted paths matching the pattern, written relative when the pattern is.
 * Empty when nothing matches (the caller keeps the word, as bash does).
 */
export async function globPaths(pattern: string, cwd: string, readdir: ReadDir): Promise<string[]> {
  const absolute = pattern.startsWith('/');
  const segments = pattern.split('/');
  if (absolute) segments.shift();
  let cands: Candidate[] = [{ shown: absolute ? '/' : '', abs: absolute ? '/' : cwd }];
  const cache = new Map<string, Promise<string[] | null>>();
  const list = (dir: string) => {
    let p = cache.get(dir);
    if (!p) { p = readdir(dir); cache.set(dir, p); }
    return p;
  };
  for (let s = 0; s < segments.length; s++) {
    const seg = segments[s];
    const last = s === segments.length - 1;
    if (seg === '') {
      // A trailing slash keeps directories only; `a//b` is `a/b`.
      if (last) {
        const dirs: Candidate[] = [];
        for (const c of cands) if (await list(c.abs)) dirs.push({ shown: c.shown + '/', abs: c.abs });
        cands = dirs;
      }
      continue;
    }
    const next: Candidate[] = [];
    if (!hasGlob(seg)) {
      const name = unescapePattern(seg);
      for (const c of cands) {
        if (last || name === '.' || name === '..') {
          const names = name === '.' || name === '..' ? [name] : await list(c.abs);
          if (!names || !names.includes(name)) continue;
        }
        next.push({ shown: join(c.shown, name), abs: join(c.abs, name) });
      }
    } else {
      const dotOk = seg.startsWith('.') || seg.startsWith('\\.');
      for (const c of cands) {
        const names = await list(c.abs);
        if (!names) continue;
        for (const name of [...names].sort()) {
          if (name.startsWith('.') && !dotOk) continue;
          if (name === '.' || name === '..') continue;
          if (matchPattern(seg, name)) next.push({ shown: join(c.shown, name), abs: join(c.abs, name) });
        }
      }
    }
    cands = next;
    if (cands.length === 0) return [];
  }
  return cands.map((c) => c.shown).sort(compareBytes);
}

function compareBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
