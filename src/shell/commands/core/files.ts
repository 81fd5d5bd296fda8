/** File commands: ls, cat, touch, mkdir, rm, rmdir, cp, mv, ln, chmod, chown, stat. */
import type { Command, FsApi } from '../types';
import { abs, modeString, names, opts, readInputs, reason, typeOf } from './util';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function lsTime(ms: number, now: Date): string {
  const d = new Date(ms);
  const day = String(d.getUTCDate()).padStart(2, ' ');
  const recent = Math.abs(now.getTime() - ms) < 182 * 86400_000;
  const tail = recent ? `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}` : ` ${d.getUTCFullYear()}`;
  return `${MONTHS[d.getUTCMonth()]} ${day} ${tail}`;
}

function human(n: number): string {
  if (n < 1024) return String(n);
  const units = ['K', 'M', 'G', 'T'];
  let v = n;
  let i = -1;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return (v < 10 ? Math.ceil(v * 10) / 10 : Math.ceil(v)).toString() + units[i];
}

export const ls: Command = async (ctx, env) => {
  const fs = env.location.fs;
  const { flags, operands } = opts(ctx.args.slice(1));
  const all = flags.has('a');
  const almost = flags.has('A');
  const long = flags.has('l');
  const h = flags.has('h');
  const users = names(fs, '/etc/passwd');
  const groups = names(fs, '/etc/group');
  let status = 0;
  const targets = operands.length ? operands : ['.'];
  const lines: string[] = [];
  const entryLine = (path: string, name: string) => {
    const st = fs.lstatSync(path);
    const type = typeOf(st);
    if (!long) return name;
    const size = type === 'dir' ? 4096 : Number(st.size);
    const link = type === 'symlink' ? ` -> ${fs.readlinkSync(path)}` : '';
    return `${modeString(Number(st.mode) & 0o7777, type)} ${type === 'dir' ? 2 : 1} ${users.get(Number(st.uid)) ?? st.uid} ${groups.get(Number(st.gid)) ?? st.gid} ${h ? human(size) : size} ${lsTime(Number(st.mtimeMs), env.now())} ${name}${link}`;
  };
  const listDir = (dir: string, label: string | null) => {
    let children = fs.readdirSync(dir).map(String).sort();
    if (!all && !almost) children = children.filter((n) => !n.startsWith('.'));
    if (all) children = ['.', '..', ...children];
    if (label !== null) lines.push(`${label}:`);
    if (long) {
      const total = children.reduce((n, c) => n + (c === '.' || c === '..' ? 4 : Math.ceil(Number(fs.lstatSync(`${dir}/${c}`).size) / 4096) * 4), 0);
      lines.push(`total ${total}`);
    }
    for (const c of children) lines.push(entryLine(c === '.' || c === '..' ? `${dir}/${c}` : `${dir === '/' ? '' : dir}/${c}`, c));
    if (flags.has('R')) {
      for (const c of children) {
        if (c === '.' || c === '..') continue;
        const p = `${dir === '/' ? '' : dir}/${c}`;
        if (fs.lstatSync(p).isDirectory()) {
          lines.push('');
          listDir(p, `${label === null ? '.' : label}/${c}`.replace(/^\.\/\.\//, './'));
        }
      }
    }
  };
  const files = targets.filter((t) => {
    try {
      const st = flags.has('d') ? fs.lstatSync(abs(ctx, t)) : fs.statSync(abs(ctx, t));
      return !st.isDirectory() || flags.has('d');
    } catch (e) {
      ctx.stderr.write(`ls: cannot access '${t}': ${reason(e)}\n`);
      status = 2;
      return false;
    }
  });
  for (const f of files) lines.push(entryLine(abs(ctx, f), f));
  const dirs = targets.filter((t) => !files.includes(t) && fs.existsSync(abs(ctx, t)));
  dirs.forEach((d, i) => {
    if (files.length || i > 0) lines.push('');
    try {
      listDir(abs(ctx, d), targets.length > 1 || flags.has('R') ? d : null);
    } catch (e) {
      ctx.stderr.write(`ls: cannot open directory '${d}': ${reason(e)}\n`);
      status = 2;
    }
  });
  if (lines.length) ctx.stdout.write(lines.join('\n') + '\n');
  return status;
};

export const cat: Command = async (ctx, env) => {
  const { operands } = opts(ctx.args.slice(1));
  const { chunks, status } = await readInputs(ctx, env.location.fs, operands, 'cat');
  for (const c of chunks) {
    ctx.stdout.write(c);
    await ctx.stdout.drain();
  }
  return status;
};

export const touch: Command = async (ctx, env) => {
  const fs = env.location.fs;
  let status = 0;
  for (const f of opts(ctx.args.slice(1)).operands) {
    const p = abs(ctx, f);
    try {
      if (fs.existsSync(p)) env.location.meta.utimes(p, env.now(), env.now());
      else fs.writeFileSync(p, new Uint8Array(0));
    } catch (e) {
      ctx.stderr.write(`touch: cannot touch '${f}': ${reason(e)}\n`);
      status = 1;
    }
  }
  return status;
};

export const mkdir: Command = async (ctx, env) => {
  const { flags, values, operands } = opts(ctx.args.slice(1), ['m']);
  if (!operands.length) {
    ctx.stderr.write("mkdir: missing operand\nTry 'mkdir --help' for more information.\n");
    return 1;
  }
  let status = 0;
  for (const d of operands) {
    try {
      const p = abs(ctx, d);
      if (flags.has('p') && env.location.fs.existsSync(p) && env.location.fs.statSync(p).isDirectory()) continue;
      env.location.fs.mkdirSync(p, { recursive: flags.has('p'), mode: values.has('m') ? parseInt(values.get('m')!, 8) : undefined });
    } catch (e) {
      ctx.stderr.write(`mkdir: cannot create directory '${d}': ${reason(e)}\n`);
      status = 1;
    }
  }
  return status;
};

export const rm: Command = async (ctx, env) => {
  const fs = env.location.fs;
  const { flags, operands } = opts(ctx.args.slice(1));
  const recursive = flags.has('r') || flags.has('R') || flags.has('recursive');
  const force = flags.has('f') || flags.has('force');
  if (!operands.length && !force) {
    ctx.stderr.write("rm: missing operand\nTry 'rm --help' for more information.\n");
    return 1;
  }
  let status = 0;
  for (const f of operands) {
    const p = abs(ctx, f);
    try {
      const st = fs.lstatSync(p);
      if (st.isDirectory() && !recursive) {
        ctx.stderr.write(`rm: cannot remove '${f}': Is a directory\n`);
        status = 1;
        continue;
      }
      env.location.view.rm(p.replace(/\/+$/, '') || '/', { recursive, force });
    } catch (e) {
      if (force && (e as { code?: string }).code === 'ENOENT') continue;
      ctx.stderr.write(`rm: cannot remove '${f}': ${reason(e)}\n`);
      status = 1;
    }
  }
  return status;
};

export const rmdir: Command = async (ctx, env) => {
  let status = 0;
  for (const d of opts(ctx.args.slice(1)).operands) {
    try {
      env.location.fs.rmdirSync(abs(ctx, d));
    } catch (e) {
      ctx.stderr.write(`rmdir: failed to remove '${d}': ${reason(e)}\n`);
      status = 1;
    }
  }
  return status;
};

function copyTree(fs: FsApi, from: string, to: string, recursive: boolean, name: string, ctxErr: (m: string) => void): boolean {
  const st = fs.lstatSync(from);
  if (st.isSymbolicLink()) fs.symlinkSync(fs.readlinkSync(from), to);
  else if (st.isDirectory()) {
    if (!recursive) {
      ctxErr(`${name}: -r not specified; omitting directory '${from}'`);
      return false;
    }
    if (!fs.existsSync(to)) fs.mkdirSync(to, { mode: Number(st.mode) & 0o7777 });
    for (const c of fs.readdirSync(from)) copyTree(fs, `${from}/${c}`, `${to}/${c}`, true, name, ctxErr);
  } else fs.writeFileSync(to, fs.readFileSync(from), { mode: Number(st.mode) & 0o7777 });
  return true;
}

function destFor(fs: FsApi, src: string, dest: string): string {
  return fs.existsSync(dest) && fs.statSync(dest).isDirectory() ? `${dest.replace(/\/$/, '')}/${src.split('/').filter(Boolean).pop()}` : dest;
}

export const cp: Command = async (ctx, env) => {
  const fs = env.location.fs;
  const { flags, operands } = opts(ctx.args.slice(1));
  const recursive = flags.has('r') || flags.has('R') || flags.has('a');
  if (operands.length < 2) {
    ctx.stderr.write(`cp: missing destination file operand after '${operands[0] ?? ''}'\n`);
    return 1;
  }
  const dest = abs(ctx, operands[operands.length - 1]);
  let status = 0;
  for (const s of operands.slice(0, -1)) {
    try {
      if (!copyTree(fs, abs(ctx, s), destFor(fs, abs(ctx, s), dest), recursive, 'cp', (m) => ctx.stderr.write(m + '\n'))) status = 1;
    } catch (e) {
      ctx.stderr.write(`cp: cannot stat '${s}': ${reason(e)}\n`);
      status = 1;
    }
  }
  return status;
};

export const mv: Command = async (ctx, env) => {
  const fs = env.location.fs;
  const { operands } = opts(ctx.args.slice(1));
  if (operands.length < 2) {
    ctx.stderr.write(`mv: missing destination file operand after '${operands[0] ?? ''}'\n`);
    return 1;
  }
  const dest = abs(ctx, operands[operands.length - 1]);
  let status = 0;
  for (const s of operands.slice(0, -1)) {
    try {
      fs.renameSync(abs(ctx, s), destFor(fs, abs(ctx, s), dest));
    } catch (e) {
      ctx.stderr.write(`mv: cannot move '${s}': ${reason(e)}\n`);
      status = 1;
    }
  }
  return status;
};

export const ln: Command = async (ctx, env) => {
  const fs = env.location.fs;
  const { flags, operands } = opts(ctx.args.slice(1));
  const [target, name] = operands;
  if (!target) {
    ctx.stderr.write("ln: missing file operand\n");
    return 1;
  }
  const link = destFor(fs, target, abs(ctx, name ?? target.split('/').pop()!));
  try {
    if (flags.has('f') && fs.existsSync(link)) fs.unlinkSync(link);
    if (flags.has('s')) fs.symlinkSync(target, link);
    else fs.linkSync(abs(ctx, target), link);
    return 0;
  } catch (e) {
    ctx.stderr.write(`ln: failed to create ${flags.has('s') ? 'symbolic ' : 'hard '}link '${name ?? target}': ${reason(e)}\n`);
    return 1;
  }
};

function symbolicMode(spec: string, cur: number): number {
  let mode = cur;
  for (const part of spec.split(',')) {
    const m = /^([ugoa]*)([+\-=])([rwxst]*)$/.exec(part);
    if (!m) throw new Error(`invalid mode: '${spec}'`);
    const who = m[1] || 'a';
    let bits = 0;
    for (const p of m[3]) bits |= p === 'r' ? 4 : p === 'w' ? 2 : p === 'x' ? 1 : 0;
    let mask = 0;
    if (who.includes('u') || who.includes('a')) mask |= bits << 6;
    if (who.includes('g') || who.includes('a')) mask |= bits << 3;
    if (who.includes('o') || who.includes('a')) mask |= bits;
    if (m[3].includes('t')) mask |= 0o1000;
    if (m[3].includes('s')) mask |= (who.includes('u') || who.includes('a') ? 0o4000 : 0) | (who.includes('g') || who.includes('a') ? 0o2000 : 0);
    mode = m[2] === '+' ? mode | mask : m[2] === '-' ? mode & ~mask : (mode & ~(who.includes('a') ? 0o777 : 0)) | mask;
  }
  return mode;
}

export const chmod: Command = async (ctx, env) => {
  const fs = env.location.fs;
  const { flags, operands } = opts(ctx.args.slice(1));
  const [spec, ...files] = operands;
  if (!spec || files.length === 0) {
    ctx.stderr.write(`chmod: missing operand\n`);
    return 1;
  }
  let status = 0;
  const apply = (p: string, shown: string) => {
    try {
      const cur = Number(fs.statSync(p).mode) & 0o7777;
      const mode = /^[0-7]+$/.test(spec) ? parseInt(spec, 8) : symbolicMode(spec, cur);
      env.location.meta.chmod(p, mode);
      if (flags.has('R') && fs.statSync(p).isDirectory()) for (const c of fs.readdirSync(p)) apply(`${p}/${c}`, `${shown}/${c}`);
    } catch (e) {
      ctx.stderr.write(`chmod: cannot access '${shown}': ${reason(e)}\n`);
      status = 1;
    }
  };
  for (const f of files) apply(abs(ctx, f), f);
  return status;
};

export const chown: Command = async (ctx, env) => {
  const fs = env.location.fs;
  const { flags, operands } = opts(ctx.args.slice(1));
  const [spec, ...files] = operands;
  if (!spec || files.length === 0) {
    ctx.stderr.write(`chown: missing operand\n`);
    return 1;
  }
  const byName = (m: Map<number, string>, n: string) => (/^\d+$/.test(n) ? Number(n) : [...m].find(([, v]) => v === n)?.[0]);
  const [u, g] = spec.split(/[:.]/);
  const uid = byName(names(fs, '/etc/passwd'), u);
  const gid = g === undefined ? undefined : byName(names(fs, '/etc/group'), g);
  if (uid === undefined || (g !== undefined && gid === undefined)) {
    ctx.stderr.write(`chown: invalid ${uid === undefined ? 'user' : 'group'}: '${spec}'\n`);
    return 1;
  }
  let status = 0;
  const apply = (p: string, shown: string) => {
    try {
      const st = fs.statSync(p);
      env.location.meta.chown(p, uid, gid ?? Number(st.gid));
      if (flags.has('R') && st.isDirectory()) for (const c of fs.readdirSync(p)) apply(`${p}/${c}`, `${shown}/${c}`);
    } catch (e) {
      ctx.stderr.write(`chown: cannot access '${shown}': ${reason(e)}\n`);
      status = 1;
    }
  };
  for (const f of files) apply(abs(ctx, f), f);
  return status;
};

export const stat: Command = async (ctx, env) => {
  const fs = env.location.fs;
  let status = 0;
  const users = names(fs, '/etc/passwd');
  const groups = names(fs, '/etc/group');
  for (const f of opts(ctx.args.slice(1)).operands) {
    try {
      const st = fs.lstatSync(abs(ctx, f));
      const type = typeOf(st);
      const mode = Number(st.mode) & 0o7777;
      const t = new Date(Number(st.mtimeMs)).toISOString().replace('T', ' ').replace('Z', '000000 +0000').replace(/\.(\d{3})000000/, '.$1000000');
      ctx.stdout.write(`  File: ${f}${type === 'symlink' ? ` -> ${fs.readlinkSync(abs(ctx, f))}` : ''}\n  Size: ${type === 'dir' ? 4096 : st.size}\tBlocks: ${Math.ceil(Number(st.size) / 512)}\tIO Block: 4096   ${type === 'dir' ? 'directory' : type === 'symlink' ? 'symbolic link' : Number(st.size) === 0 ? 'regular empty file' : 'regular file'}\nDevice: 0,50\tInode: ${st.ino}\tLinks: ${st.nlink}\nAccess: (${mode.toString(8).padStart(4, '0')}/${modeString(mode, type)})  Uid: (${String(st.uid).padStart(5)}/${(users.get(Number(st.uid)) ?? 'UNKNOWN').padStart(8)})   Gid: (${String(st.gid).padStart(5)}/${(groups.get(Number(st.gid)) ?? 'UNKNOWN').padStart(8)})\nModify: ${t}\n`);
    } catch (e) {
      ctx.stderr.write(`stat: cannot statx '${f}': ${reason(e)}\n`);
      status = 1;
    }
  }
  return status;
};
