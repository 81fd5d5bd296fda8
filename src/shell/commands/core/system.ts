/** System and tree commands: sleep, env, which, hostname, whoami, id, uname, date, find, du, df, tree, sha256sum, basename, dirname. */
import { sha256Hex } from '../../../engine/archive/digest';
import type { Command, FsApi } from '../types';
import { abs, names, opts, readInputs, reason } from './util';

export const sleep: Command = async (ctx) => {
  const secs = ctx.args.slice(1).reduce((n, a) => n + (parseFloat(a) * ({ s: 1, m: 60, h: 3600, d: 86400 }[a.slice(-1)] ?? 1) || 0), 0);
  if (ctx.args.length < 2) {
    ctx.stderr.write("sleep: missing operand\nTry 'sleep --help' for more information.\n");
    return 1;
  }
  const done = await new Promise<boolean>((resolve) => {
    const t = setTimeout(() => resolve(true), secs * 1000);
    ctx.signal.addEventListener('abort', () => {
      clearTimeout(t);
      resolve(false);
    }, { once: true });
  });
  return done ? 0 : 130;
};

export const envCmd: Command = async (ctx) => {
  ctx.stdout.write([...ctx.env].map(([k, v]) => `${k}=${v}\n`).join(''));
  return 0;
};

export const which: Command = async (ctx, env) => {
  let status = 0;
  for (const name of ctx.args.slice(1)) {
    const hit = (ctx.env.get('PATH') ?? '').split(':').map((d) => `${d}/${name}`).find((p) => {
      try {
        return env.location.fs.statSync(p).isFile();
      } catch {
        return false;
      }
    });
    if (hit) ctx.stdout.write(hit + '\n');
    else status = 1;
  }
  return status;
};

export const hostname: Command = async (ctx, env) => {
  ctx.stdout.write(env.location.hostname + '\n');
  return 0;
};

export const whoami: Command = async (ctx, env) => {
  ctx.stdout.write(env.location.user.name + '\n');
  return 0;
};

export const id: Command = async (ctx, env) => {
  const u = env.location.user;
  const group = names(env.location.fs, '/etc/group').get(u.gid) ?? u.name;
  ctx.stdout.write(`uid=${u.uid}(${u.name}) gid=${u.gid}(${group}) groups=${u.gid}(${group})\n`);
  return 0;
};

export const uname: Command = async (ctx, env) => {
  const { flags } = opts(ctx.args.slice(1));
  const parts = { s: 'Linux', n: env.location.hostname, r: '6.1.0-layerlab', v: '#1 SMP PREEMPT_DYNAMIC Layerlab', m: 'x86_64', o: 'GNU/Linux' };
  const keys = flags.has('a') ? (['s', 'n', 'r', 'v', 'm', 'o'] as const) : (['s', 'n', 'r', 'v', 'm', 'o'] as const).filter((k) => flags.has(k));
  ctx.stdout.write((keys.length ? keys : (['s'] as const)).map((k) => parts[k]).join(' ') + '\n');
  return 0;
};

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
export const date: Command = async (ctx, env) => {
  const d = env.now();
  const p2 = (n: number) => String(n).padStart(2, '0');
  const fmt = ctx.args.find((a) => a.startsWith('+'));
  if (fmt) {
    const map: Record<string, string> = { Y: String(d.getUTCFullYear()), m: p2(d.getUTCMonth() + 1), d: p2(d.getUTCDate()), H: p2(d.getUTCHours()), M: p2(d.getUTCMinutes()), S: p2(d.getUTCSeconds()), s: String(Math.floor(d.getTime() / 1000)), '%': '%' };
    ctx.stdout.write(fmt.slice(1).replace(/%(.)/g, (_m, c: string) => map[c] ?? `%${c}`) + '\n');
  } else {
    ctx.stdout.write(`${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}\n`);
  }
  return 0;
};

function globToRe(g: string): RegExp {
  return new RegExp('^' + g.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$');
}

export const find: Command = async (ctx, env) => {
  const fs = env.location.fs;
  const args = ctx.args.slice(1);
  const roots: string[] = [];
  while (args.length && !args[0].startsWith('-')) roots.push(args.shift()!);
  let name: RegExp | undefined;
  let type: string | undefined;
  let maxdepth = Infinity;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '-name' || args[i] === '-iname') name = new RegExp(globToRe(args[++i]).source, args[i - 1] === '-iname' ? 'i' : '');
    else if (args[i] === '-type') type = args[++i];
    else if (args[i] === '-maxdepth') maxdepth = Number(args[++i]);
    else if (args[i] !== '-print') {
      ctx.stderr.write(`find: unknown predicate '${args[i]}'\n`);
      return 1;
    }
  }
  let status = 0;
  const visit = (p: string, shown: string, depth: number) => {
    let st;
    try {
      st = fs.lstatSync(p);
    } catch (e) {
      ctx.stderr.write(`find: '${shown}': ${reason(e)}\n`);
      status = 1;
      return;
    }
    const t = st.isSymbolicLink() ? 'l' : st.isDirectory() ? 'd' : 'f';
    if ((!name || name.test(shown.split('/').pop()!)) && (!type || type === t)) ctx.stdout.write(shown + '\n');
    if (t === 'd' && depth < maxdepth) for (const c of fs.readdirSync(p).map(String).sort()) visit(`${p === '/' ? '' : p}/${c}`, `${shown === '/' ? '' : shown}/${c}`, depth + 1);
  };
  for (const r of roots.length ? roots : ['.']) visit(abs(ctx, r), r, 0);
  return status;
};

function usage(fs: FsApi, p: string): number {
  const st = fs.lstatSync(p);
  if (!st.isDirectory()) return Math.ceil(Number(st.size) / 4096) * 4;
  return 4 + fs.readdirSync(p).reduce((n, c) => n + usage(fs, `${p}/${c}`), 0);
}

function humanK(k: number): string {
  if (k < 1024) return `${k}K`;
  const m = k / 1024;
  if (m < 1024) return `${m < 10 ? Math.ceil(m * 10) / 10 : Math.ceil(m)}M`;
  const g = m / 1024;
  return `${g < 10 ? Math.ceil(g * 10) / 10 : Math.ceil(g)}G`;
}

export const du: Command = async (ctx, env) => {
  const fs = env.location.fs;
  const { flags, operands } = opts(ctx.args.slice(1));
  let status = 0;
  const show = (k: number, s: string) => ctx.stdout.write(`${flags.has('h') ? humanK(k) : k}\t${s}\n`);
  const walk = (p: string, shown: string): number => {
    const st = fs.lstatSync(p);
    if (!st.isDirectory()) return Math.ceil(Number(st.size) / 4096) * 4;
    let total = 4;
    for (const c of fs.readdirSync(p).map(String).sort()) {
      const k = walk(`${p === '/' ? '' : p}/${c}`, `${shown.replace(/\/$/, '')}/${c}`);
      total += k;
    }
    if (!flags.has('s')) show(total, shown);
    return total;
  };
  for (const o of operands.length ? operands : ['.']) {
    try {
      const k = flags.has('s') ? usage(fs, abs(ctx, o)) : walk(abs(ctx, o), o);
      if (flags.has('s')) show(k, o);
    } catch (e) {
      ctx.stderr.write(`du: cannot access '${o}': ${reason(e)}\n`);
      status = 1;
    }
  }
  return status;
};

export const df: Command = async (ctx, env) => {
  const { flags } = opts(ctx.args.slice(1));
  const usedK = usage(env.location.fs, '/');
  const sizeK = 64 * 1024 * 1024;
  const f = (k: number) => (flags.has('h') ? humanK(k) : String(k));
  ctx.stdout.write(`Filesystem     ${flags.has('h') ? 'Size  Used Avail' : '1K-blocks     Used Available'} Use% Mounted on\noverlay        ${f(sizeK).padStart(flags.has('h') ? 4 : 9)} ${f(usedK).padStart(flags.has('h') ? 5 : 8)} ${f(sizeK - usedK).padStart(flags.has('h') ? 5 : 9)} ${String(Math.ceil((usedK / sizeK) * 100)).padStart(3)}% /\n`);
  return 0;
};

export const tree: Command = async (ctx, env) => {
  const fs = env.location.fs;
  const root = opts(ctx.args.slice(1)).operands[0] ?? '.';
  let dirs = 0;
  let files = 0;
  const out: string[] = [root];
  const visit = (p: string, prefix: string) => {
    const kids = fs.readdirSync(p).map(String).filter((n) => !n.startsWith('.')).sort();
    kids.forEach((k, i) => {
      const last = i === kids.length - 1;
      const cp = `${p === '/' ? '' : p}/${k}`;
      const st = fs.lstatSync(cp);
      out.push(`${prefix}${last ? '└── ' : '├── '}${k}${st.isSymbolicLink() ? ` -> ${fs.readlinkSync(cp)}` : ''}`);
      if (st.isDirectory()) {
        dirs++;
        visit(cp, prefix + (last ? '    ' : '│   '));
      } else files++;
    });
  };
  try {
    visit(abs(ctx, root), '');
  } catch (e) {
    ctx.stderr.write(`${root} [error opening dir: ${reason(e)}]\n`);
    return 2;
  }
  ctx.stdout.write(`${out.join('\n')}\n\n${dirs} director${dirs === 1 ? 'y' : 'ies'}, ${files} file${files === 1 ? '' : 's'}\n`);
  return 0;
};

export const sha256sum: Command = async (ctx, env) => {
  const { operands } = opts(ctx.args.slice(1));
  const { chunks, status } = await readInputs(ctx, env.location.fs, operands, 'sha256sum');
  const shown = operands.length ? operands.filter((o) => o === '-' || env.location.fs.existsSync(abs(ctx, o))) : ['-'];
  for (let i = 0; i < chunks.length; i++) ctx.stdout.write(`${await sha256Hex(chunks[i])}  ${shown[i]}\n`);
  return status;
};

export const basename: Command = async (ctx) => {
  const [p = '', suffix] = ctx.args.slice(1);
  let b = p.replace(/\/+$/, '').split('/').pop() || '/';
  if (suffix && b.endsWith(suffix) && b !== suffix) b = b.slice(0, -suffix.length);
  ctx.stdout.write(b + '\n');
  return 0;
};

export const dirname: Command = async (ctx) => {
  const p = (ctx.args[1] ?? '').replace(/\/+$/, '');
  const i = p.lastIndexOf('/');
  ctx.stdout.write((i < 0 ? '.' : i === 0 ? '/' : p.slice(0, i)) + '\n');
  return 0;
};
