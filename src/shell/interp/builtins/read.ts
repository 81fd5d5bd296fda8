/** `read`: one line from stdin, split on IFS into variables, the last taking the rest. */
import type { Interp, IO } from '../interp';
import { bytesToString, concatBytes, raceAbort, readLine } from '../streams';
import type { InputStream } from '../handlers';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Reads up to a delimiter other than newline (`read -d`), putting back the rest. */
async function readUntil(input: InputStream, delim: string, signal: AbortSignal): Promise<string | null> {
  const code = delim === '' ? 0 : delim.charCodeAt(0);
  const parts: Uint8Array[] = [];
  for (;;) {
    const chunk = await raceAbort(input.read(), signal, () => null);
    if (!chunk) return parts.length ? bytesToString(concatBytes(parts)) : null;
    const at = chunk.indexOf(code);
    if (at < 0) { parts.push(chunk); continue; }
    parts.push(chunk.subarray(0, at));
    input.unread(chunk.subarray(at + 1));
    return bytesToString(concatBytes(parts)) + delim;
  }
}

/** Splits a line into `n` values the way read does: IFS separates, the last value keeps the rest. */
export function splitRead(line: string, n: number, ifs: string): string[] {
  const ws = [...ifs].filter((c) => c === ' ' || c === '\t' || c === '\n').join('');
  const isWs = (c: string) => ws.includes(c);
  const isSep = (c: string) => ifs.includes(c);
  const out: string[] = [];
  let i = 0;
  const skipWs = () => { while (i < line.length && isWs(line[i])) i++; };
  skipWs();
  for (let v = 0; v < n - 1; v++) {
    let field = '';
    while (i < line.length && !isSep(line[i])) field += line[i++];
    out.push(field);
    skipWs();
    if (i < line.length && isSep(line[i]) && !isWs(line[i])) { i++; skipWs(); }
  }
  let rest = line.slice(i);
  while (rest && isWs(rest[rest.length - 1])) rest = rest.slice(0, -1);
  out.push(rest);
  return out;
}

export async function readBuiltin(sh: Interp, args: string[], io: IO): Promise<number> {
  let raw = false;
  let delim = '\n';
  const names: string[] = [];
  for (let i = 1; i < args.length; i++) {
    const a = args[i];
    if (names.length === 0 && a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const f = a[j];
        if (f === 'r') raw = true;
        else if (f === 's') continue;
        else if (f === 'p' || f === 'd') {
          const value = a.slice(j + 1) || args[++i];
          if (value === undefined) { sh.err(io, `read: -${f}: option requires an argument`); return 2; }
          if (f === 'p') io.stderr.write(value);
          else delim = value;
          break;
        } else {
          sh.err(io, `read: -${f}: invalid option`);
          return 2;
        }
      }
      continue;
    }
    if (!NAME.test(a)) { sh.err(io, `read: \`${a}': not a valid identifier`); return 1; }
    names.push(a);
  }
  let text = '';
  let complete = false;
  for (;;) {
    const line = delim === '\n' ? await readLine(io.stdin, io.signal) : await readUntil(io.stdin, delim, io.signal);
    sh.checkSignal(io);
    if (line === null) break;
    complete = line.endsWith(delim);
    let body = complete ? line.slice(0, line.length - delim.length) : line;
    // Without -r a trailing backslash joins the next line.
    if (!raw && complete && /(^|[^\\])(\\\\)*\\$/.test(body)) {
      text += body.slice(0, -1).replace(/\\(.)/g, '$1');
      continue;
    }
    if (!raw) body = body.replace(/\\(.)/g, '$1');
    text += body;
    break;
  }
  const ifs = sh.lookup('IFS') ?? ' \t\n';
  if (names.length === 0) sh.setVar('REPLY', text);
  else splitRead(text, names.length, ifs).forEach((v, k) => sh.setVar(names[k], v));
  return complete ? 0 : 1;
}
