/** Builtins about the shell itself: directories, control flow, sourcing, command lookup, aliases. */
import type { Interp, IO } from '../interp';
import { BreakSignal, ContinueSignal, ExitSignal, ReturnSignal } from '../control';
import { resolvePath } from '../path';
import { errorText } from '../messages';
import { bytesToString } from '../streams';
import { quote } from '../../syntax/quote';
import { RESERVED_WORDS } from '../../syntax/ast';

export async function cdBuiltin(sh: Interp, args: string[], io: IO): Promise<number> {
  let a = args.slice(1).filter((x) => x !== '-L' && x !== '-P');
  if (a[0] === '--') a = a.slice(1);
  if (a.length > 1) {
    sh.err(io, 'cd: too many arguments');
    return 1;
  }
  const st = sh.state;
  let target: string | undefined = a[0];
  const print = target === '-';
  if (target === undefined) {
    target = st.get('HOME');
    if (target === undefined) { sh.err(io, 'cd: HOME not set'); return 1; }
  } else if (print) {
    target = st.get('OLDPWD');
    if (target === undefined) { sh.err(io, 'cd: OLDPWD not set'); return 1; }
  }
  if (target === '') return 0;
  const abs = resolvePath(st.cwd, target);
  let stat;
  try {
    stat = await sh.shared.files.stat(abs);
  } catch (e) {
    sh.err(io, `cd: ${target}: ${errorText(e)}`);
    return 1;
  }
  if (!stat) { sh.err(io, `cd: ${target}: No such file or directory`); return 1; }
  if (!stat.isDir) { sh.err(io, `cd: ${target}: Not a directory`); return 1; }
  st.set('OLDPWD', st.cwd);
  st.cwd = abs;
  st.set('PWD', abs);
  if (print) io.stdout.write(abs + '\n');
  return 0;
}

export function pwdBuiltin(sh: Interp, _args: string[], io: IO): number {
  io.stdout.write(sh.state.cwd + '\n');
  return 0;
}

/** `exit N`/`return N` argument: status & 255, or null (after the message) when not numeric. */
function statusArg(sh: Interp, io: IO, name: string, arg: string | undefined): number | null {
  if (arg === undefined) return sh.state.status;
  if (!/^[-+]?[0-9]+$/.test(arg.trim())) {
    sh.err(io, `${name}: ${arg}: numeric argument required`);
    return null;
  }
  return Number(BigInt.asUintN(8, BigInt(arg.trim())));
}

export function exitBuiltin(sh: Interp, args: string[], io: IO): number {
  if (args.length > 2) { sh.err(io, 'exit: too many arguments'); return 1; }
  throw new ExitSignal(statusArg(sh, io, 'exit', args[1]) ?? 2);
}

export function returnBuiltin(sh: Interp, args: string[], io: IO): number {
  if (!sh.state.frames.length && !sh.state.sourceDepth) {
    sh.err(io, "return: can only `return' from a function or sourced script");
    return 2;
  }
  throw new ReturnSignal(statusArg(sh, io, 'return', args[1]) ?? 2);
}

function loopControl(sh: Interp, args: string[], io: IO, Kind: typeof BreakSignal | typeof ContinueSignal): number {
  const name = args[0];
  const n = args[1] === undefined ? 1 : Number(args[1]);
  if (!Number.isInteger(n) || n < 1) {
    sh.err(io, `${name}: ${args[1]}: loop count out of range`);
    return 1;
  }
  if (sh.state.loopDepth === 0) {
    sh.err(io, `${name}: only meaningful in a \`for', \`while', or \`until' loop`);
    return 0;
  }
  throw new Kind(Math.min(n, sh.state.loopDepth));
}

export const breakBuiltin = (sh: Interp, args: string[], io: IO) => loopControl(sh, args, io, BreakSignal);
export const continueBuiltin = (sh: Interp, args: string[], io: IO) => loopControl(sh, args, io, ContinueSignal);

export async function evalBuiltin(sh: Interp, args: string[], io: IO): Promise<number> {
  return sh.evalSource(args.slice(1).join(' '), io, 'eval');
}

/** Where PATH leads: the handler's answer, else executable regular files found with stat. */
export async function lookPath(sh: Interp, name: string): Promise<string | null> {
  const st = sh.state;
  if (sh.shared.lookPath) return sh.shared.lookPath(name, st.exportedEnv(), st.cwd);
  const isExec = async (p: string) => {
    try {
      const s = await sh.shared.files.stat(p);
      return !!s && s.isFile && (s.mode & 0o111) !== 0;
    } catch {
      return false;
    }
  };
  if (name.includes('/')) {
    const abs = resolvePath(st.cwd, name);
    return (await isExec(abs)) ? abs : null;
  }
  for (const dir of (st.get('PATH') ?? '').split(':')) {
    const abs = resolvePath(st.cwd, (dir || '.') + '/' + name);
    if (await isExec(abs)) return abs;
  }
  return null;
}

export async function sourceBuiltin(sh: Interp, args: string[], io: IO): Promise<number> {
  const name = args[1];
  if (name === undefined) {
    sh.err(io, `${args[0]}: filename argument required`);
    return 2;
  }
  const st = sh.state;
  let path = resolvePath(st.cwd, name);
  if (!name.includes('/')) {
    for (const dir of (st.get('PATH') ?? '').split(':')) {
      const candidate = resolvePath(st.cwd, (dir || '.') + '/' + name);
      const s = await sh.shared.files.stat(candidate).catch(() => null);
      if (s?.isFile) { path = candidate; break; }
    }
  }
  let text: string;
  try {
    const input = await sh.shared.files.open(path, 'r');
    text = bytesToString(await input.readAll());
    input.close();
  } catch (e) {
    sh.err(io, `${name}: ${errorText(e)}`);
    return 1;
  }
  const savedPositional = st.positional;
  if (args.length > 2) st.positional = args.slice(2);
  st.sourceDepth++;
  try {
    return await sh.evalSource(text, io, name);
  } catch (e) {
    if (e instanceof ReturnSignal) return e.status;
    throw e;
  } finally {
    st.sourceDepth--;
    if (args.length > 2) st.positional = savedPositional;
  }
}

type Kind = { kind: 'alias' | 'keyword' | 'function' | 'builtin' | 'file'; text: string };

async function classify(sh: Interp, name: string, builtins: ReadonlySet<string>): Promise<Kind | null> {
  const alias = sh.state.aliases.get(name);
  if (alias !== undefined) return { kind: 'alias', text: alias };
  if (RESERVED_WORDS.has(name)) return { kind: 'keyword', text: name };
  if (sh.state.funcs.has(name)) return { kind: 'function', text: name };
  if (builtins.has(name)) return { kind: 'builtin', text: name };
  const path = await lookPath(sh, name);
  return path ? { kind: 'file', text: path } : null;
}

export function typeBuiltin(builtins: ReadonlySet<string>) {
  return async (sh: Interp, args: string[], io: IO): Promise<number> => {
    let terse = false;
    let status = 0;
    for (const name of args.slice(1)) {
      if (name === '-t') { terse = true; continue; }
      if (name.startsWith('-') && name.length > 1) continue;
      const k = await classify(sh, name, builtins);
      if (!k) {
        if (!terse) sh.err(io, `type: ${name}: not found`);
        status = 1;
        continue;
      }
      if (terse) { io.stdout.write(k.kind + '\n'); continue; }
      const desc = {
        alias: `${name} is aliased to \`${k.text}'`,
        keyword: `${name} is a shell keyword`,
        function: `${name} is a function`,
        builtin: `${name} is a shell builtin`,
        file: `${name} is ${k.text}`,
      }[k.kind];
      io.stdout.write(desc + '\n');
    }
    return status;
  };
}

export function commandBuiltin(builtins: ReadonlySet<string>) {
  return async (sh: Interp, args: string[], io: IO): Promise<number> => {
    let i = 1;
    let mode: 'run' | 'v' | 'V' = 'run';
    for (; i < args.length && args[i].startsWith('-') && args[i].length > 1; i++) {
      if (args[i] === '--') { i++; break; }
      if (args[i].includes('v')) mode = 'v';
      if (args[i].includes('V')) mode = 'V';
    }
    const rest = args.slice(i);
    if (rest.length === 0) return 0;
    if (mode === 'V') return typeBuiltin(builtins)(sh, ['type', ...rest], io);
    if (mode === 'v') {
      let status = 0;
      for (const name of rest) {
        const k = await classify(sh, name, builtins);
        if (!k) { status = 1; continue; }
        io.stdout.write((k.kind === 'alias' ? `alias ${name}=${quote(k.text)}` : k.text) + '\n');
      }
      return status;
    }
    return sh.invoke(rest, [], io, true);
  };
}

export function aliasBuiltin(sh: Interp, args: string[], io: IO): number {
  const aliases = sh.state.aliases;
  const list = args.slice(1).filter((a) => a !== '-p');
  if (list.length === 0) {
    for (const name of [...aliases.keys()].sort()) io.stdout.write(`alias ${name}=${quote(aliases.get(name)!)}\n`);
    return 0;
  }
  let status = 0;
  for (const a of list) {
    const eq = a.indexOf('=');
    if (eq > 0) {
      aliases.set(a.slice(0, eq), a.slice(eq + 1));
    } else if (aliases.has(a)) {
      io.stdout.write(`alias ${a}=${quote(aliases.get(a)!)}\n`);
    } else {
      sh.err(io, `alias: ${a}: not found`);
      status = 1;
    }
  }
  return status;
}

export function unaliasBuiltin(sh: Interp, args: string[], io: IO): number {
  let status = 0;
  for (const a of args.slice(1)) {
    if (a === '-a') { sh.state.aliases.clear(); continue; }
    if (!sh.state.aliases.delete(a)) {
      sh.err(io, `unalias: ${a}: not found`);
      status = 1;
    }
  }
  return status;
}

export async function execBuiltin(sh: Interp, args: string[], io: IO): Promise<number> {
  if (args.length < 2) return 0;
  throw new ExitSignal(await sh.external(args.slice(1), [], io));
}

export async function waitBuiltin(sh: Interp): Promise<number> {
  const statuses = await Promise.all([...sh.shared.jobs]);
  return statuses.length ? statuses[statuses.length - 1] : 0;
}
