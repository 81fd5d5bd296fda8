/**
 * Compound commands: conditionals, loops, case and pipelines. Each runs its
 * parts through the Interp it is given, so subshell and function state stays
 * in one place.
 */
import type { Stmt, IfClause, WhileClause, ForClause, CForClause, CaseClause, Pipeline } from '../syntax/ast';
import { matchPattern } from '../expand/pattern';
import type { Interp, IO } from './interp';
import { BreakSignal, ContinueSignal, InterruptSignal } from './control';
import { createPipe } from './streams';

export async function ifClause(sh: Interp, cmd: IfClause, io: IO): Promise<number> {
  for (const b of cmd.branches) {
    if ((await sh.runStmts(b.cond, { ...io, noErrexit: true })) === 0) return sh.runStmts(b.body, io);
  }
  return cmd.else ? sh.runStmts(cmd.else, io) : 0;
}

/** Runs a loop body once; false when `break` ends the loop. */
async function loopBody(sh: Interp, body: Stmt[], io: IO, out: { status: number }): Promise<boolean> {
  try {
    out.status = await sh.runStmts(body, io);
    return true;
  } catch (e) {
    if (e instanceof BreakSignal) {
      if (e.levels > 1) { e.levels--; throw e; }
      return false;
    }
    if (e instanceof ContinueSignal) {
      if (e.levels > 1) { e.levels--; throw e; }
      return true;
    }
    throw e;
  }
}

async function loop(sh: Interp, io: IO, step: (out: { status: number }) => Promise<boolean>): Promise<number> {
  const out = { status: 0 };
  sh.state.loopDepth++;
  try {
    while (await step(out)) sh.checkSignal(io);
  } finally {
    sh.state.loopDepth--;
  }
  return out.status;
}

export function whileClause(sh: Interp, cmd: WhileClause, io: IO): Promise<number> {
  return loop(sh, io, async (out) => {
    const c = await sh.runStmts(cmd.cond, { ...io, noErrexit: true });
    if (cmd.until ? c === 0 : c !== 0) return false;
    return loopBody(sh, cmd.body, io, out);
  });
}

export async function forClause(sh: Interp, cmd: ForClause, io: IO): Promise<number> {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(cmd.name)) {
    sh.err(io, `\`${cmd.name}': not a valid identifier`);
    return 1;
  }
  const items = cmd.items ? await sh.expander(io).fields(cmd.items) : [...sh.state.positional];
  let k = 0;
  return loop(sh, io, async (out) => {
    if (k >= items.length) return false;
    sh.setVar(cmd.name, items[k++]);
    return loopBody(sh, cmd.body, io, out);
  });
}

export async function cForClause(sh: Interp, cmd: CForClause, io: IO): Promise<number> {
  const ex = sh.expander(io);
  await ex.arith(cmd.init);
  let first = true;
  return loop(sh, io, async (out) => {
    if (!first) await ex.arith(cmd.post);
    first = false;
    if (cmd.cond.parts.length && (await ex.arith(cmd.cond)) === 0n) return false;
    return loopBody(sh, cmd.body, io, out);
  });
}

export async function caseClause(sh: Interp, cmd: CaseClause, io: IO): Promise<number> {
  const ex = sh.expander(io);
  const word = await ex.string(cmd.word);
  let status = 0;
  let fall = false;
  for (const item of cmd.items) {
    let hit = fall;
    for (const p of item.patterns) {
      if (hit) break;
      hit = matchPattern(await ex.pattern(p), word);
    }
    if (!hit) continue;
    status = await sh.runStmts(item.body, io);
    if (item.op === ';;') return status;
    fall = item.op === ';&';
  }
  return status;
}

export async function pipeline(sh: Interp, cmd: Pipeline, io: IO): Promise<number> {
  const n = cmd.stmts.length;
  const ctrls = cmd.stmts.map(() => new AbortController());
  const onAbort = () => { for (const c of ctrls) c.abort(io.signal.reason ?? 'SIGINT'); };
  io.signal.addEventListener('abort', onAbort, { once: true });
  if (io.signal.aborted) onAbort();
  const pipes = cmd.stmts.slice(1).map((_, i) => createPipe(() => ctrls[i].abort('SIGPIPE')));
  try {
    const statuses = await Promise.all(cmd.stmts.map(async (stmt, i) => {
      const stage: IO = {
        ...io,
        stdin: i === 0 ? io.stdin : pipes[i - 1].reader,
        stdout: i === n - 1 ? io.stdout : pipes[i].writer,
        signal: ctrls[i].signal,
      };
      try {
        return await sh.fork().runSubshell([stmt], stage);
      } catch (e) {
        if (e instanceof InterruptSignal) return 130;
        throw e;
      } finally {
        if (i < n - 1) pipes[i].writer.close();
        if (i > 0) pipes[i - 1].reader.close();
      }
    }));
    if (sh.runSignal.aborted || io.signal.aborted) throw new InterruptSignal();
    if (sh.state.opts.pipefail) {
      for (let i = n - 1; i >= 0; i--) if (statuses[i] !== 0) return statuses[i];
    }
    return statuses[n - 1];
  } finally {
    io.signal.removeEventListener('abort', onAbort);
  }
}
