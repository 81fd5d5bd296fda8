/** `echo` and `printf`, with bash's escapes and printf's format reuse. */
import type { Interp, IO } from '../interp';
import { quoteBackslash } from '../../syntax/quote';

/**
 * Backslash escapes of `echo -e` and `%b` (`\0NNN` octal); in a printf format
 * (`inFormat`) octal is `\NNN`. `stop` reports `\c`: no further output at all.
 */
export function unescape(s: string, inFormat: boolean): { text: string; stop: boolean } {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c !== '\\' || i + 1 >= s.length) { out += c; continue; }
    const e = s[++i];
    const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', e: '\x1b', E: '\x1b', '\\': '\\' };
    if (e in simple) out += simple[e];
    else if (e === 'c') return { text: out, stop: true };
    else if (e === '"' && inFormat) out += '"';
    else if (e === "'" && inFormat) out += "'";
    else if (e === 'x') {
      const m = /^[0-9a-fA-F]{1,2}/.exec(s.slice(i + 1));
      if (m) { out += String.fromCharCode(parseInt(m[0], 16)); i += m[0].length; } else out += '\\x';
    } else if (e === 'u' || e === 'U') {
      const m = (e === 'u' ? /^[0-9a-fA-F]{1,4}/ : /^[0-9a-fA-F]{1,8}/).exec(s.slice(i + 1));
      if (m) { out += String.fromCodePoint(parseInt(m[0], 16)); i += m[0].length; } else out += '\\' + e;
    } else if (e === '0' && !inFormat) {
      const m = /^[0-7]{0,3}/.exec(s.slice(i + 1))!;
      out += String.fromCharCode(parseInt(m[0] || '0', 8) & 255);
      i += m[0].length;
    } else if (e >= '0' && e <= '7' && inFormat) {
      const m = /^[0-7]{1,3}/.exec(s.slice(i))!;
      out += String.fromCharCode(parseInt(m[0], 8) & 255);
      i += m[0].length - 1;
    } else out += '\\' + e;
  }
  return { text: out, stop: false };
}

export function echoBuiltin(_sh: Interp, args: string[], io: IO): number {
  let newline = true;
  let escapes = false;
  let i = 1;
  for (; i < args.length && /^-[neE]+$/.test(args[i]); i++) {
    for (const f of args[i].slice(1)) {
      if (f === 'n') newline = false;
      else if (f === 'e') escapes = true;
      else escapes = false;
    }
  }
  let text = args.slice(i).join(' ');
  if (escapes) {
    const u = unescape(text, false);
    if (u.stop) { io.stdout.write(u.text); return 0; }
    text = u.text;
  }
  io.stdout.write(newline ? text + '\n' : text);
  return 0;
}

class PrintfState {
  status = 0;
  constructor(private readonly sh: Interp, private readonly io: IO) {}

  number(arg: string | undefined, float: boolean): number | bigint {
    if (arg === undefined || arg === '') return float ? 0 : 0n;
    if (/^['"]/.test(arg)) return float ? (arg.codePointAt(1) ?? 0) : BigInt(arg.codePointAt(1) ?? 0);
    const t = arg.trim();
    try {
      if (float) {
        const v = Number(t);
        if (!Number.isNaN(v)) return v;
      } else if (/^[-+]?(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.test(t)) {
        const neg = t.startsWith('-');
        const body = t.replace(/^[-+]/, '');
        const v = /^0[xX]/.test(body) ? BigInt(body) : /^0[0-7]+$/.test(body) ? BigInt('0o' + body.slice(1)) : BigInt(body);
        return neg ? -v : v;
      }
    } catch { /* reported below */ }
    this.sh.err(this.io, `printf: ${arg}: invalid number`);
    this.status = 1;
    const lead = /^[-+]?[0-9]+/.exec(t);
    return float ? Number(lead?.[0] ?? 0) : BigInt(lead?.[0] ?? 0);
  }
}

function pad(s: string, width: number, left: boolean, zero: boolean): string {
  if (s.length >= width) return s;
  if (left) return s + ' '.repeat(width - s.length);
  if (zero) {
    const sign = /^[-+ ]/.test(s) ? s[0] : '';
    const prefix = /^[-+ ]?0[xX]/.test(s) ? s.slice(0, sign.length + 2) : sign;
    return prefix + '0'.repeat(width - s.length) + s.slice(prefix.length);
  }
  return ' '.repeat(width - s.length) + s;
}

function formatFloat(v: number, conv: string, prec: number): string {
  let s: string;
  switch (conv.toLowerCase()) {
    case 'e': s = v.toExponential(prec).replace(/e([+-])(\d)$/, 'e$10$2'); break;
    case 'g': {
      const p = prec === 0 ? 1 : prec;
      const exp = v === 0 ? 0 : Math.floor(Math.log10(Math.abs(v)));
      if (exp < -4 || exp >= p) {
        s = v.toExponential(p - 1).replace(/\.?0+e/, 'e').replace(/e([+-])(\d)$/, 'e$10$2');
      } else {
        s = v.toFixed(Math.max(0, p - 1 - exp));
        if (s.includes('.')) s = s.replace(/\.?0+$/, '');
      }
      break;
    }
    default: s = v.toFixed(prec);
  }
  return conv === conv.toUpperCase() ? s.toUpperCase() : s;
}

/** One pass over the format; returns the output and how many arguments it took. */
function formatOnce(p: PrintfState, fmt: string, args: string[], start: number): { out: string; used: number; stop: boolean } {
  let out = '';
  let k = start;
  const next = (): string | undefined => args[k++];
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i];
    if (c === '\\') {
      let j = i + 1;
      if (/[0-7]/.test(fmt[j] ?? '')) while (j < fmt.length && j < i + 4 && /[0-7]/.test(fmt[j])) j++;
      else if (fmt[j] === 'x') { j++; while (j < fmt.length && j < i + 4 && /[0-9a-fA-F]/.test(fmt[j])) j++; }
      else j++;
      const u = unescape(fmt.slice(i, j), true);
      out += u.text;
      if (u.stop) return { out, used: k - start, stop: true };
      i = j - 1;
      continue;
    }
    if (c !== '%') { out += c; continue; }
    const m = /^%([-+ #0]*)(\*|[0-9]+)?(?:\.(\*|[0-9]*))?([a-zA-Z%])/.exec(fmt.slice(i));
    if (!m) { out += c; continue; }
    i += m[0].length - 1;
    const flags = m[1];
    const width = m[2] === '*' ? Number(p.number(next(), false)) : m[2] ? Number(m[2]) : 0;
    const precRaw = m[3] === '*' ? String(p.number(next(), false)) : m[3];
    const prec = precRaw === undefined ? undefined : Number(precRaw || 0);
    const left = flags.includes('-') || width < 0;
    const w = Math.abs(width);
    const zero = flags.includes('0') && !left;
    const conv = m[4];
    let s: string;
    switch (conv) {
      case '%': out += '%'; continue;
      case 's': s = next() ?? ''; if (prec !== undefined) s = s.slice(0, prec); break;
      case 'q': s = quoteBackslash(next() ?? ''); break;
      case 'b': {
        const u = unescape(next() ?? '', false);
        s = prec !== undefined ? u.text.slice(0, prec) : u.text;
        if (u.stop) return { out: out + pad(s, w, left, false), used: k - start, stop: true };
        break;
      }
      case 'c': s = (next() ?? '').slice(0, 1); break;
      case 'd': case 'i': case 'u': case 'o': case 'x': case 'X': {
        let v = p.number(next(), false) as bigint;
        if (conv === 'u' && v < 0n) v = BigInt.asUintN(64, v);
        const neg = v < 0n && conv !== 'o' && conv !== 'x' && conv !== 'X';
        const mag = neg ? -v : conv === 'o' || conv === 'x' || conv === 'X' ? BigInt.asUintN(64, v) : v;
        let digits = mag.toString(conv === 'o' ? 8 : conv === 'x' || conv === 'X' ? 16 : 10);
        if (conv === 'X') digits = digits.toUpperCase();
        if (prec !== undefined) digits = digits.padStart(prec, '0');
        if (flags.includes('#') && mag !== 0n) digits = (conv === 'o' ? '0' : conv === 'x' ? '0x' : conv === 'X' ? '0X' : '') + digits;
        s = (neg ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '') + digits;
        out += pad(s, w, left, zero && prec === undefined);
        continue;
      }
      case 'f': case 'F': case 'e': case 'E': case 'g': case 'G': {
        const v = p.number(next(), true) as number;
        s = formatFloat(v, conv, prec ?? 6);
        if (v >= 0 && flags.includes('+')) s = '+' + s;
        else if (v >= 0 && flags.includes(' ')) s = ' ' + s;
        out += pad(s, w, left, zero);
        continue;
      }
      default:
        throw new PrintfError(`%${conv}: invalid format character`);
    }
    out += pad(s, w, left, false);
  }
  return { out, used: k - start, stop: false };
}

class PrintfError {
  constructor(readonly message: string) {}
}

export function printfBuiltin(sh: Interp, args: string[], io: IO): number {
  let a = args.slice(1);
  let target: string | null = null;
  if (a[0] === '-v') {
    target = a[1] ?? null;
    if (!target || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(target)) {
      sh.err(io, `printf: \`${target ?? ''}': not a valid identifier`);
      return 2;
    }
    a = a.slice(2);
  }
  if (a[0] === '--') a = a.slice(1);
  if (a.length === 0) {
    sh.err(io, 'printf: usage: printf [-v var] format [arguments]');
    return 2;
  }
  const [fmt, ...rest] = a;
  const p = new PrintfState(sh, io);
  let out = '';
  try {
    let k = 0;
    do {
      const r = formatOnce(p, fmt, rest, k);
      out += r.out;
      k += r.used;
      if (r.stop || r.used === 0) break;
    } while (k < rest.length);
  } catch (e) {
    if (!(e instanceof PrintfError)) throw e;
    io.stdout.write(out);
    sh.err(io, `printf: ${e.message}`);
    return 1;
  }
  if (target) sh.setVar(target, out);
  else io.stdout.write(out);
  return p.status;
}
