/**
 * `trap`: EXIT and ERR run; other signals are remembered (and listed) but
 * never fire, since nothing in the browser delivers them.
 */
import type { Interp, IO } from '../interp';
import { quote } from '../../syntax/quote';
import { ExitSignal } from '../control';

const SIGNALS: Record<string, string> = {
  0: 'EXIT', 1: 'HUP', 2: 'INT', 3: 'QUIT', 9: 'KILL', 10: 'USR1', 12: 'USR2', 13: 'PIPE', 14: 'ALRM', 15: 'TERM', 17: 'CHLD',
};
const NAMES = new Set([...Object.values(SIGNALS), 'ERR', 'DEBUG', 'RETURN']);

function signalName(spec: string): string | null {
  const up = spec.toUpperCase().replace(/^SIG/, '');
  if (/^[0-9]+$/.test(up)) return SIGNALS[up] ?? null;
  return NAMES.has(up) ? up : null;
}

export function trapBuiltin(sh: Interp, args: string[], io: IO): number {
  const traps = sh.state.traps;
  let a = args.slice(1);
  if (a[0] === '--') a = a.slice(1);
  if (a.length === 0 || a[0] === '-p') {
    for (const [sig, cmd] of traps) io.stdout.write(`trap -- ${quote(cmd)} ${sig}\n`);
    return 0;
  }
  if (a[0] === '-l') {
    io.stdout.write(Object.entries(SIGNALS).filter(([n]) => n !== '0').map(([n, s]) => `${n}) SIG${s}`).join('\n') + '\n');
    return 0;
  }
  // A lone signal spec (`trap INT`) resets it, as `trap - INT` does.
  const action = a.length === 1 || (signalName(a[0]) !== null && /^[0-9]+$/.test(a[0])) ? '-' : a.shift()!;
  let status = 0;
  for (const spec of a) {
    const sig = signalName(spec);
    if (!sig) {
      sh.err(io, `trap: ${spec}: invalid signal specification`);
      status = 1;
      continue;
    }
    if (action === '-') traps.delete(sig);
    else traps.set(sig, action);
  }
  return status;
}

/** Runs a trap's commands; `$?` inside is the status that triggered it, and is kept afterwards. */
export async function runTrap(sh: Interp, sig: string, io: IO): Promise<number | null> {
  const cmd = sh.state.traps.get(sig);
  if (cmd === undefined) return null;
  if (sig === 'EXIT') sh.state.traps.delete(sig);
  const status = sh.state.status;
  try {
    await sh.evalSource(cmd, { ...io, noErrexit: true });
  } catch (e) {
    if (e instanceof ExitSignal) return e.status;
    throw e;
  }
  sh.state.status = status;
  return null;
}
