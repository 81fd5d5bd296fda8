/** Text commands: head, tail, wc, grep, sort, uniq, seq, cut, tr. */
import type { Command } from '../types';
import { abs, opts, readInputs, reason, text } from './util';

const lines = (s: string) => {
  const l = s.split('\n');
  if (l[l.length - 1] === '') l.pop();
  return l;
};

function headTail(which: 'head' | 'tail'): Command {
  return async (ctx, env) => {
    const args = ctx.args.slice(1).map((a) => (/^-\d+$/.test(a) ? `-n${a.slice(1)}` : a));
    const { values, operands } = opts(args, ['n', 'c']);
    const nText = values.get('n') ?? '10';
    const { chunks, status } = await readInputs(ctx, env.location.fs, operands, which);
    chunks.forEach((c, i) => {
      if (operands.length > 1) ctx.stdout.write(`${i ? '\n' : ''}==> ${operands[i]} <==\n`);
      if (values.has('c')) {
        const n = Number(values.get('c'));
        ctx.stdout.write(which === 'head' ? c.subarray(0, n) : c.subarray(Math.max(0, c.length - n)));
        return;
      }
      const all = lines(text(c));
      const n = Number(nText.replace('+', ''));
      const picked = which === 'head' ? all.slice(0, n) : nText.startsWith('+') ? all.slice(n - 1) : all.slice(Math.max(0, all.length - n));
      if (picked.length) ctx.stdout.write(picked.join('\n') + '\n');
    });
    return status;
  };
}
export const head = headTail('head');
export const tail = headTail('tail');

export const wc: Command = async (ctx, env) => {
  const { flags, operands } = opts(ctx.args.slice(1));
  const { chunks, status } = await readInputs(ctx, env.location.fs, operands, 'wc');
  const pick = flags.size ? flags : new Set(['l', 'w', 'c']);
  const rows = chunks.map((c) => {
    const s = text(c);
    return [(s.match(/\n/g) ?? []).length, s.split(/\s+/).filter(Boolean).length, c.length];
  });
  if (rows.length > 1) rows.push(rows.reduce((a, r) => a.map((v, i) => v + r[i]), [0, 0, 0]));
  const width = operands.length === 0 && pick.size === 1 ? 0 : Math.max(1, ...rows.flat().map((n) => String(n).length));
  rows.forEach((r, i) => {
    const cells = (['l', 'w', 'c'] as const).filter((k) => pick.has(k)).map((k) => String(r[{ l: 0, w: 1, c: 2 }[k]]).padStart(width));
    const label = operands.length === 0 ? '' : ` ${i < operands.length ? operands[i] : 'total'}`;
    ctx.stdout.write(cells.join(' ') + label + '\n');
  });
  return status;
};

export const grep: Command = async (ctx, env) => {
  const fs = env.location.fs;
  const { flags, values, operands } = opts(ctx.args.slice(1), ['e']);
  const pattern = values.get('e') ?? operands.shift();
  if (pattern === undefined) {
    ctx.stderr.write("Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n");
    return 2;
  }
  let re: RegExp;
  try {
    // Basic regex: \( \) \| \{ \} are the groups; plain ( | { are literals.
    const src = flags.has('E') || flags.has('F') ? (flags.has('F') ? pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : pattern) : pattern.replace(/\\([(){}|+?])|([(){}|+?])/g, (_m, esc, lit) => (esc ? esc : `\\${lit}`));
    re = new RegExp(src, flags.has('i') ? 'i' : '');
  } catch {
    ctx.stderr.write(`grep: Invalid regular expression\n`);
    return 2;
  }
  const files: string[] = [];
  let status = 1;
  let errors = false;
  const walk = (p: string, shown: string) => {
    try {
      if (fs.statSync(p).isDirectory()) {
        if (!flags.has('r') && !flags.has('R')) {
          ctx.stderr.write(`grep: ${shown}: Is a directory\n`);
          errors = true;
          return;
        }
        for (const c of fs.readdirSync(p).map(String).sort()) walk(`${p}/${c}`, `${shown.replace(/\/$/, '')}/${c}`);
      } else files.push(shown);
    } catch (e) {
      ctx.stderr.write(`grep: ${shown}: ${reason(e)}\n`);
      errors = true;
    }
  };
  for (const o of operands) walk(abs(ctx, o), o);
  const sources: Array<{ name: string; data: string }> = operands.length === 0
    ? [{ name: '(standard input)', data: text(await ctx.stdin.readAll()) }]
    : files.map((f) => ({ name: f, data: fs.readFileSync(abs(ctx, f), 'utf8').toString() }));
  const prefix = sources.length > 1 || flags.has('r');
  for (const s of sources) {
    let count = 0;
    lines(s.data).forEach((line, i) => {
      if (re.test(line) === flags.has('v')) return;
      count++;
      status = 0;
      if (flags.has('c') || flags.has('l') || flags.has('q')) return;
      ctx.stdout.write(`${prefix ? `${s.name}:` : ''}${flags.has('n') ? `${i + 1}:` : ''}${line}\n`);
    });
    if (flags.has('c')) ctx.stdout.write(`${prefix ? `${s.name}:` : ''}${count}\n`);
    if (flags.has('l') && count) ctx.stdout.write(`${s.name}\n`);
  }
  return errors && status !== 0 ? 2 : status;
};

export const sort: Command = async (ctx, env) => {
  const { flags, operands } = opts(ctx.args.slice(1));
  const { chunks, status } = await readInputs(ctx, env.location.fs, operands, 'sort');
  let all = chunks.flatMap((c) => lines(text(c)));
  all.sort(flags.has('n') ? (a, b) => parseFloat(a) - parseFloat(b) || (a < b ? -1 : a > b ? 1 : 0) : (a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (flags.has('r')) all.reverse();
  if (flags.has('u')) all = all.filter((l, i) => i === 0 || l !== all[i - 1]);
  if (all.length) ctx.stdout.write(all.join('\n') + '\n');
  return status;
};

export const uniq: Command = async (ctx, env) => {
  const { flags, operands } = opts(ctx.args.slice(1));
  const { chunks, status } = await readInputs(ctx, env.location.fs, operands.slice(0, 1), 'uniq');
  const all = chunks.flatMap((c) => lines(text(c)));
  const groups: Array<[string, number]> = [];
  for (const l of all) {
    if (groups.length && groups[groups.length - 1][0] === l) groups[groups.length - 1][1]++;
    else groups.push([l, 1]);
  }
  for (const [l, n] of groups) ctx.stdout.write(flags.has('c') ? `${String(n).padStart(7)} ${l}\n` : `${l}\n`);
  return status;
};

export const seq: Command = async (ctx) => {
  const nums = ctx.args.slice(1).map(Number);
  if (nums.length === 0 || nums.some(Number.isNaN)) {
    ctx.stderr.write(`seq: invalid floating point argument: '${ctx.args[1] ?? ''}'\n`);
    return 1;
  }
  const [first, step, last] = nums.length === 1 ? [1, 1, nums[0]] : nums.length === 2 ? [nums[0], 1, nums[1]] : nums;
  for (let i = first; step > 0 ? i <= last : i >= last; i += step) {
    ctx.stdout.write(`${i}\n`);
    if (ctx.signal.aborted) return 130;
    if (i % 1000 === 0) await ctx.stdout.drain();
  }
  return 0;
};

export const cut: Command = async (ctx, env) => {
  const { values, operands } = opts(ctx.args.slice(1), ['d', 'f', 'c']);
  const { chunks, status } = await readInputs(ctx, env.location.fs, operands, 'cut');
  const ranges = (spec: string) => spec.split(',').map((r) => {
    const [a, b] = r.split('-');
    return [a ? Number(a) : 1, b === undefined ? Number(a) : b ? Number(b) : Infinity] as const;
  });
  const inRange = (i: number, rs: ReadonlyArray<readonly [number, number]>) => rs.some(([a, b]) => i >= a && i <= b);
  for (const l of chunks.flatMap((c) => lines(text(c)))) {
    if (values.has('f')) {
      const d = values.get('d') ?? '\t';
      const parts = l.split(d);
      ctx.stdout.write((parts.length === 1 ? l : parts.filter((_, i) => inRange(i + 1, ranges(values.get('f')!))).join(d)) + '\n');
    } else if (values.has('c')) ctx.stdout.write([...l].filter((_, i) => inRange(i + 1, ranges(values.get('c')!))).join('') + '\n');
  }
  return status;
};

export const tr: Command = async (ctx) => {
  const { flags, operands } = opts(ctx.args.slice(1));
  const expand = (s: string) => s.replace(/\[:upper:\]/g, 'A-Z').replace(/\[:lower:\]/g, 'a-z').replace(/\[:digit:\]/g, '0-9').replace(/\\n/g, '\n').replace(/(.)-(.)/g, (_m, a: string, b: string) => Array.from({ length: b.charCodeAt(0) - a.charCodeAt(0) + 1 }, (_, i) => String.fromCharCode(a.charCodeAt(0) + i)).join(''));
  const from = expand(operands[0] ?? '');
  const to = expand(operands[1] ?? '');
  const input = text(await ctx.stdin.readAll());
  let out = '';
  for (const ch of input) {
    const i = from.indexOf(ch);
    if (flags.has('d')) out += i >= 0 ? '' : ch;
    else out += i >= 0 ? (to[Math.min(i, to.length - 1)] ?? ch) : ch;
  }
  ctx.stdout.write(out);
  return 0;
};
