/** Builtins that manage variables and options: export, unset, local, set, shift, declare, let. */
import type { Interp, IO } from '../interp';
import { quote } from '../../syntax/quote';
import { OPTION_LETTERS, type ShellOptions } from '../state';
import { ExpandError } from '../../expand/errors';
import { evalArith } from '../../expand/arith';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ASSIGN = /^([A-Za-z_][A-Za-z0-9_]*)(\+?)=([\s\S]*)$/;

function declareQuote(v: string): string {
  return '"' + v.replace(/(["\\$`])/g, '\\$1') + '"';
}

export function exportBuiltin(sh: Interp, args: string[], io: IO): number {
  let unexport = false;
  let i = 1;
  for (; i < args.length && /^-[np]+$/.test(args[i]); i++) if (args[i].includes('n')) unexport = true;
  if (i < args.length && args[i] === '--') i++;
  const st = sh.state;
  if (i >= args.length) {
    for (const name of [...st.vars.keys()].sort()) {
      const v = st.vars.get(name)!;
      if (v.exported) io.stdout.write(`declare -x ${name}=${declareQuote(v.value)}\n`);
    }
    return 0;
  }
  let status = 0;
  for (; i < args.length; i++) {
    const a = args[i];
    const m = ASSIGN.exec(a);
    const name = m ? m[1] : a;
    if (!NAME.test(name)) {
      sh.err(io, `export: \`${a}': not a valid identifier`);
      status = 1;
      continue;
    }
    if (unexport) {
      const v = st.vars.get(name);
      if (v) v.exported = false;
      st.exportPending.delete(name);
      continue;
    }
    if (m) st.set(name, m[2] ? (st.get(name) ?? '') + m[3] : m[3], true);
    else if (st.vars.has(name)) st.vars.get(name)!.exported = true;
    else st.exportPending.add(name);
  }
  return status;
}

export function unsetBuiltin(sh: Interp, args: string[], io: IO): number {
  let mode: 'v' | 'f' | 'any' = 'any';
  let status = 0;
  for (const a of args.slice(1)) {
    if (a === '-v') { mode = 'v'; continue; }
    if (a === '-f') { mode = 'f'; continue; }
    // Without -v a bad variable name may still name a function, so bash stays quiet.
    if (mode === 'v' && !NAME.test(a)) {
      sh.err(io, `unset: \`${a}': not a valid identifier`);
      status = 1;
      continue;
    }
    const st = sh.state;
    if (mode === 'f') st.funcs.delete(a);
    else if (st.vars.has(a) || mode === 'v') { st.unset(a); st.exportPending.delete(a); }
    else st.funcs.delete(a);
  }
  return status;
}

export function localBuiltin(sh: Interp, args: string[], io: IO): number {
  const st = sh.state;
  const frame = st.frames[st.frames.length - 1];
  if (!frame) {
    sh.err(io, 'local: can only be used in a function');
    return 1;
  }
  let status = 0;
  for (const a of args.slice(1)) {
    if (a.startsWith('-')) continue;
    const m = ASSIGN.exec(a);
    const name = m ? m[1] : a;
    if (!NAME.test(name)) {
      sh.err(io, `local: \`${a}': not a valid identifier`);
      status = 1;
      continue;
    }
    if (!frame.has(name)) {
      const old = st.vars.get(name);
      frame.set(name, old ? { ...old } : undefined);
    }
    if (m) st.vars.set(name, { value: m[2] ? (st.get(name) ?? '') + m[3] : m[3], exported: st.vars.get(name)?.exported ?? false });
    else if (!st.vars.has(name)) st.vars.set(name, { value: '', exported: false });
  }
  return status;
}

/** `declare`/`typeset`: assignment, `-x` export; local when inside a function. */
export function declareBuiltin(sh: Interp, args: string[], io: IO): number {
  const flags = args.slice(1).filter((a) => /^[-+][a-zA-Z]+$/.test(a)).join('');
  const rest = args.slice(1).filter((a) => !/^[-+][a-zA-Z]+$/.test(a));
  if (rest.length === 0) {
    for (const name of [...sh.state.vars.keys()].sort()) {
      const v = sh.state.vars.get(name)!;
      if (!flags.includes('x') || v.exported) io.stdout.write(`declare ${v.exported ? '-x' : '--'} ${name}=${declareQuote(v.value)}\n`);
    }
    return 0;
  }
  let status = sh.state.frames.length && !flags.includes('g') ? localBuiltin(sh, ['local', ...rest], io) : 0;
  if (!sh.state.frames.length || flags.includes('g')) {
    for (const a of rest) {
      const m = ASSIGN.exec(a);
      if (m) sh.setVar(m[1], m[3]);
      else if (!NAME.test(a)) { sh.err(io, `declare: \`${a}': not a valid identifier`); status = 1; }
    }
  }
  if (flags.includes('x')) {
    for (const a of rest) {
      const name = ASSIGN.exec(a)?.[1] ?? a;
      const v = sh.state.vars.get(name);
      if (v) v.exported = true;
    }
  }
  return status;
}

const OPTION_NAMES: (keyof ShellOptions)[] = ['errexit', 'noglob', 'nounset', 'pipefail', 'xtrace'];

export function setBuiltin(sh: Interp, args: string[], io: IO): number {
  const st = sh.state;
  if (args.length === 1) {
    for (const name of [...st.vars.keys()].sort()) io.stdout.write(`${name}=${quote(st.vars.get(name)!.value)}\n`);
    return 0;
  }
  for (let i = 1; i < args.length; i++) {
    const a = args[i];
    if (a === '--') { st.positional = args.slice(i + 1); return 0; }
    if (a === '-o' || a === '+o') {
      const name = args[++i];
      if (name === undefined) {
        for (const n of OPTION_NAMES) io.stdout.write(a === '-o' ? `${n.padEnd(15)}\t${st.opts[n] ? 'on' : 'off'}\n` : `set ${st.opts[n] ? '-' : '+'}o ${n}\n`);
        continue;
      }
      if (!(OPTION_NAMES as string[]).includes(name)) {
        sh.err(io, `set: ${name}: invalid option name`);
        return 2;
      }
      st.opts[name as keyof ShellOptions] = a === '-o';
      continue;
    }
    if (/^[-+][a-zA-Z]+$/.test(a)) {
      for (const letter of a.slice(1)) {
        const opt = OPTION_LETTERS[letter];
        if (!opt) {
          sh.err(io, `set: ${a[0]}${letter}: invalid option`);
          return 2;
        }
        st.opts[opt] = a[0] === '-';
      }
      continue;
    }
    if (a === '-' || a === '+') continue;
    st.positional = args.slice(i);
    return 0;
  }
  return 0;
}

export function shiftBuiltin(sh: Interp, args: string[], io: IO): number {
  const n = args[1] === undefined ? 1 : Number(args[1]);
  if (!Number.isInteger(n) || n < 0) {
    sh.err(io, `shift: ${args[1]}: numeric argument required`);
    return 1;
  }
  if (n > sh.state.positional.length) return 1;
  sh.state.positional = sh.state.positional.slice(n);
  return 0;
}

export function letBuiltin(sh: Interp, args: string[], io: IO): number {
  if (args.length < 2) {
    sh.err(io, 'let: expression expected');
    return 1;
  }
  let v = 0n;
  try {
    for (const a of args.slice(1)) v = evalArith(a, { get: (n) => sh.lookup(n), set: (n, x) => sh.setVar(n, x) });
  } catch (e) {
    if (!(e instanceof ExpandError)) throw e;
    sh.err(io, `let: ${e.message}`);
    return 1;
  }
  return v !== 0n ? 0 : 1;
}
