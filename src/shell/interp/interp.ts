/**
 * The tree walker. One Interp runs one shell (or subshell) over a ShellState;
 * everything outside the shell goes through the handlers, so the same code runs
 * host commands and container commands.
 */
import type { Stmt, Command, CallExpr, Redirect, Word } from '../syntax/ast';
import { Parser } from '../syntax/parser';
import { ShellSyntaxError } from '../syntax/errors';
import { quote } from '../syntax/quote';
import { Expander, type ExpandHost } from '../expand/word';
import { ExpandError } from '../expand/errors';
import type { ExecHandler, FileHandlers, InputStream, LookPathHandler, OutputStream, ExecContext } from './handlers';
import { ShellState, type Var } from './state';
import { BreakSignal, ContinueSignal, ExitSignal, InterruptSignal, ReturnSignal } from './control';
import { BufferOutput, emptyInput, raceAbort, yieldToEventLoop } from './streams';
import { applyRedirects } from './redirect';
import { condCommand } from './cond';
import { ifClause, whileClause, forClause, cForClause, caseClause, pipeline } from './compound';
import { runTrap } from './builtins/trap';
import { errorText } from './messages';
import { BUILTINS } from './builtins';

export interface IO {
  stdin: InputStream;
  stdout: OutputStream;
  stderr: OutputStream;
  signal: AbortSignal;
  /** Inside a condition, after `!`, or left of `&&`/`||`: `set -e` does not fire. */
  noErrexit: boolean;
}

/** What all shells of one session (the runner and its subshells) share. */
export interface Shared {
  exec: ExecHandler;
  files: FileHandlers;
  lookPath?: LookPathHandler;
  shellName: string;
  interactive: boolean;
  pid: number;
  /** Runs `sh`/`bash` argv in a child interpreter (wired by the runner to avoid an import cycle). */
  childShell(argv: string[], ctx: Omit<ExecContext, 'shell' | 'args'>): Promise<number>;
  jobs: Set<Promise<number>>;
  nextPid: number;
}

const MAX_FUNC_DEPTH = 1000;
const DECLARATIONS: ReadonlySet<string> = new Set(['export', 'local', 'declare', 'typeset', 'readonly']);
/**
 * When the walker last let the event loop run. Awaiting builtins only queues
 * microtasks, so a busy `while true; do :; done` would never see Ctrl-C
 * without a timer turn now and then.
 */
let lastYield = 0;

export class Interp {
  private funcDepth = 0;
  /** Command substitution nesting, shown by repeating PS4's first character in traces. */
  private traceDepth = 0;
  private lastSubstStatus: number | null = null;
  /** Aliases being expanded: `alias ls='ls -F'` must not expand its own `ls` again. */
  private aliasing = new Set<string>();

  constructor(readonly shared: Shared, public state: ShellState, readonly runSignal: AbortSignal) {}

  fork(): Interp {
    const state = this.state.clone();
    state.traps = new Map();
    const child = new Interp(this.shared, state, this.runSignal);
    child.funcDepth = this.funcDepth;
    child.traceDepth = this.traceDepth;
    return child;
  }

  // ---- messages -------------------------------------------------------

  prefix(): string {
    return this.shared.interactive ? `${this.shared.shellName}: ` : `${this.state.arg0}: line ${this.state.line}: `;
  }

  err(io: IO, msg: string): void {
    io.stderr.write(this.prefix() + msg + '\n');
  }

  // ---- parameters -----------------------------------------------------

  lookup(name: string): string | undefined {
    const s = this.state;
    switch (name) {
      case '?': return String(s.status);
      case '$': return String(this.shared.pid);
      case '#': return String(s.positional.length);
      case '0': return s.arg0;
      case '-': return s.flags(this.shared.interactive);
      case '!': return s.lastBgPid || undefined;
      case '@': case '*': return s.positional.join(' ');
    }
    if (!s.vars.has(name)) {
      if (name === 'RANDOM') return String(Math.floor(Math.random() * 32768));
      if (name === 'LINENO') return String(s.line);
    }
    if (/^[1-9][0-9]*$/.test(name)) return s.positional[Number(name) - 1];
    return s.get(name);
  }

  setVar(name: string, value: string): void {
    this.state.set(name, value);
  }

  expander(io: IO): Expander {
    const host: ExpandHost = {
      lookup: (n) => this.lookup(n),
      positional: () => this.state.positional,
      assign: (n, v) => this.setVar(n, v),
      commandSubst: (stmts) => this.commandSubst(stmts, io),
      readdir: async (dir) => {
        try {
          return await this.shared.files.readdir(dir);
        } catch {
          return null;
        }
      },
      cwd: () => this.state.cwd,
      noglob: this.state.opts.noglob,
      nounset: this.state.opts.nounset,
    };
    return new Expander(host);
  }

  private async commandSubst(stmts: Stmt[], io: IO): Promise<string> {
    const out = new BufferOutput();
    const child = this.fork();
    child.traceDepth = this.traceDepth + 1;
    const status = await child.runSubshell(stmts, { ...io, stdout: out });
    this.lastSubstStatus = status;
    this.state.status = status;
    if (this.runSignal.aborted) throw new InterruptSignal();
    return out.text();
  }

  // ---- statements -----------------------------------------------------

  checkSignal(io: IO): void {
    if (io.signal.aborted || this.runSignal.aborted) throw new InterruptSignal();
  }

  async runStmts(stmts: Stmt[], io: IO): Promise<number> {
    let status = 0;
    for (const s of stmts) status = await this.execStmt(s, io);
    return status;
  }

  /** Runs statements as a subshell body: exit, return and loop control end it. */
  async runSubshell(stmts: Stmt[], io: IO): Promise<number> {
    let status: number;
    try {
      status = await this.runStmts(stmts, io);
    } catch (e) {
      status = this.subshellStatus(e, io);
    }
    if (this.state.traps.has('EXIT')) {
      this.state.status = status;
      status = (await runTrap(this, 'EXIT', io)) ?? status;
    }
    return status;
  }

  private subshellStatus(e: unknown, io: IO): number {
    if (e instanceof ExpandError) {
      this.err(io, e.message);
      return 1;
    }
    if (e instanceof ExitSignal || e instanceof ReturnSignal) return e.status;
    if (e instanceof BreakSignal || e instanceof ContinueSignal) return 0;
    if (e instanceof InterruptSignal) {
      if (this.runSignal.aborted) throw e;
      return 141;
    }
    throw e;
  }

  async execStmt(stmt: Stmt, io: IO): Promise<number> {
    this.checkSignal(io);
    const now = Date.now();
    if (now - lastYield > 15) {
      lastYield = now;
      await yieldToEventLoop();
      this.checkSignal(io);
    }
    this.state.line = stmt.line;
    if (stmt.background) return this.background(stmt, io);
    const inner = stmt.negated ? { ...io, noErrexit: true } : io;
    let status: number;
    if (stmt.cmd.type === 'CallExpr') {
      status = await this.execCall(stmt.cmd, stmt.redirs, inner);
    } else if (stmt.redirs.length) {
      const r = await applyRedirects(this, stmt.redirs, inner);
      if (!r) status = 1;
      else {
        try {
          status = await this.execCmd(stmt.cmd, r.io);
        } finally {
          await r.close();
        }
      }
    } else {
      status = await this.execCmd(stmt.cmd, inner);
    }
    if (stmt.negated) status = status === 0 ? 1 : 0;
    this.state.status = status;
    if (status !== 0 && !stmt.negated && !io.noErrexit && errexitApplies(stmt.cmd)) {
      if (this.state.traps.has('ERR')) {
        const exit = await runTrap(this, 'ERR', io);
        if (exit !== null) throw new ExitSignal(exit);
      }
      if (this.state.opts.errexit) throw new ExitSignal(status);
    }
    return status;
  }

  private background(stmt: Stmt, io: IO): number {
    const pid = this.shared.nextPid++;
    const child = this.fork();
    // Ctrl-C in a terminal does not reach background jobs.
    const job = child.runSubshell([{ ...stmt, background: false }], {
      ...io, stdin: emptyInput(), signal: new AbortController().signal, noErrexit: false,
    }).catch(() => 130);
    this.shared.jobs.add(job);
    void job.finally(() => this.shared.jobs.delete(job));
    this.state.lastBgPid = String(pid);
    this.state.status = 0;
    return 0;
  }

  private async execCmd(cmd: Command, io: IO): Promise<number> {
    switch (cmd.type) {
      case 'CallExpr': return this.execCall(cmd, [], io);
      case 'Pipeline': return pipeline(this, cmd, io);
      case 'BinaryCmd': {
        const x = await this.execStmt(cmd.x, { ...io, noErrexit: true });
        if (cmd.op === '&&' ? x !== 0 : x === 0) return x;
        return this.execStmt(cmd.y, io);
      }
      case 'IfClause': return ifClause(this, cmd, io);
      case 'WhileClause': return whileClause(this, cmd, io);
      case 'ForClause': return forClause(this, cmd, io);
      case 'CForClause': return cForClause(this, cmd, io);
      case 'CaseClause': return caseClause(this, cmd, io);
      case 'Block': return this.runStmts(cmd.stmts, io);
      case 'Subshell': return this.fork().runSubshell(cmd.stmts, io);
      case 'FuncDecl':
        this.state.funcs.set(cmd.name, cmd.body);
        return 0;
      case 'ArithCmd':
        return (await this.expander(io).arith(cmd.expr)) !== 0n ? 0 : 1;
      case 'TestClause':
        return condCommand(this, cmd, io);
    }
  }

  // ---- simple commands ------------------------------------------------

  private async execCall(call: CallExpr, redirs: Redirect[], io: IO): Promise<number> {
    this.lastSubstStatus = null;
    const ex = this.expander(io);
    const args = await this.expandArgs(call.args, ex);
    const assigns: [string, string][] = [];
    for (const a of call.assigns) {
      let v = await ex.string(a.value);
      if (a.append) v = (this.lookup(a.name) ?? '') + v;
      assigns.push([a.name, v]);
    }
    if (args.length === 0) {
      for (const [k, v] of assigns) this.setVar(k, v);
      this.trace(io, assigns.map(([k, v]) => `${k}=${quote(v)}`));
      if (redirs.length) {
        const r = await applyRedirects(this, redirs, io);
        if (!r) return 1;
        await r.close();
      }
      return this.lastSubstStatus ?? 0;
    }
    const alias = this.state.aliases.get(args[0]);
    if (alias !== undefined && !this.aliasing.has(args[0]) && isPlainWord(call.args[0])) {
      // Alias text is shell source: run it with the remaining words appended.
      const name = args[0];
      const source = alias + ' ' + args.slice(1).map(quote).join(' ');
      this.aliasing.add(name);
      try {
        return await this.withRedirects(redirs, io, (rio) => this.withTempVars(assigns, () => this.evalSource(source, rio)));
      } finally {
        this.aliasing.delete(name);
      }
    }
    this.trace(io, [...assigns.map(([k, v]) => `${k}=${quote(v)}`), ...args.map(quote)]);
    return this.withRedirects(redirs, io, (rio) => this.invoke(args, assigns, rio));
  }

  /**
   * Command words to arguments. For declaration builtins (`export A=$x`) an
   * assignment-shaped word is one argument, unsplit, as bash does.
   */
  private async expandArgs(words: Word[], ex: Expander): Promise<string[]> {
    const first = words[0]?.parts[0];
    if (words.length < 2 || first?.type !== 'Lit' || !DECLARATIONS.has(first.value) || words[0].parts.length !== 1) {
      return ex.fields(words);
    }
    const args: string[] = [];
    for (const w of words) {
      const p = w.parts[0];
      if (p?.type === 'Lit' && /^[A-Za-z_][A-Za-z0-9_]*\+?=/.test(p.value)) args.push(await ex.string(w));
      else args.push(...(await ex.fields([w])));
    }
    return args;
  }

  private async withRedirects(redirs: Redirect[], io: IO, body: (io: IO) => Promise<number>): Promise<number> {
    if (!redirs.length) return body(io);
    const r = await applyRedirects(this, redirs, io);
    if (!r) return 1;
    try {
      return await body(r.io);
    } finally {
      await r.close();
    }
  }

  private trace(io: IO, words: string[]): void {
    if (!this.state.opts.xtrace || !words.length) return;
    const ps4 = this.lookup('PS4') ?? '+ ';
    io.stderr.write(`${ps4.slice(0, 1).repeat(this.traceDepth)}${ps4}${words.join(' ')}\n`);
  }

  /** Runs a command by name: function, builtin, then external. */
  async invoke(args: string[], assigns: [string, string][], io: IO, skipFunctions = false): Promise<number> {
    const name = args[0];
    const fn = skipFunctions ? undefined : this.state.funcs.get(name);
    if (fn) return this.withTempVars(assigns, () => this.callFunction(fn, args, io));
    const builtin = BUILTINS.get(name);
    if (builtin) return this.withTempVars(assigns, async () => builtin(this, args, io));
    return this.external(args, assigns, io);
  }

  /** `FOO=1 cmd` for functions and builtins: the variables exist, exported, for the call only. */
  private async withTempVars(assigns: [string, string][], body: () => Promise<number>): Promise<number> {
    if (!assigns.length) return body();
    const saved = assigns.map(([k]) => [k, this.state.vars.get(k)] as const);
    for (const [k, v] of assigns) this.state.vars.set(k, { value: v, exported: true });
    try {
      return await body();
    } finally {
      for (const [k, old] of saved.reverse()) {
        if (old) this.state.vars.set(k, old);
        else this.state.vars.delete(k);
      }
    }
  }

  async external(args: string[], assigns: [string, string][], io: IO): Promise<number> {
    const env = this.state.exportedEnv();
    for (const [k, v] of assigns) env.set(k, v);
    const base = { env, cwd: this.state.cwd, stdin: io.stdin, stdout: io.stdout, stderr: io.stderr, signal: io.signal };
    const ctx: ExecContext = { ...base, args, shell: (argv) => this.shared.childShell(argv, base) };
    let result: number | string;
    try {
      result = await raceAbort(this.shared.exec(ctx), io.signal, () => (io.signal.reason === 'SIGPIPE' ? 141 : 130));
    } catch (e) {
      this.err(io, `${args[0]}: ${errorText(e)}`);
      return 1;
    }
    if (this.runSignal.aborted) throw new InterruptSignal();
    if (typeof result === 'number') return result;
    const name = args[0];
    switch (result) {
      case 'ENOENT':
        this.err(io, name.includes('/') ? `${name}: No such file or directory` : `${name}: command not found`);
        return 127;
      case 'EACCES': this.err(io, `${name}: Permission denied`); return 126;
      case 'EISDIR': this.err(io, `${name}: Is a directory`); return 126;
      default: this.err(io, `${name}: cannot execute binary file: Exec format error`); return 126;
    }
  }

  async callFunction(body: Stmt, args: string[], io: IO): Promise<number> {
    if (this.funcDepth >= MAX_FUNC_DEPTH) {
      this.err(io, `${args[0]}: maximum function nesting level exceeded (${MAX_FUNC_DEPTH})`);
      return 1;
    }
    const s = this.state;
    const savedPositional = s.positional;
    const savedLoops = s.loopDepth;
    s.positional = args.slice(1);
    s.loopDepth = 0;
    const frame = new Map<string, Var | undefined>();
    s.frames.push(frame);
    this.funcDepth++;
    try {
      return await this.execStmt(body, io);
    } catch (e) {
      if (e instanceof ReturnSignal) return e.status;
      throw e;
    } finally {
      this.funcDepth--;
      s.frames.pop();
      for (const [k, old] of frame) {
        if (old) s.vars.set(k, old);
        else s.vars.delete(k);
      }
      s.positional = savedPositional;
      s.loopDepth = savedLoops;
    }
  }

  /** Parses and runs source in this shell (`eval`, `source`, aliases). Syntax errors: status 2. */
  async evalSource(source: string, io: IO, label?: string): Promise<number> {
    const parser = new Parser(source, 0);
    let status = 0;
    for (;;) {
      let stmts: Stmt[] | null;
      try {
        stmts = parser.nextLine();
      } catch (e) {
        if (!(e instanceof ShellSyntaxError)) throw e;
        const where = label ? `${label}: line ${e.line}: ` : '';
        io.stderr.write(`${this.prefix()}${where}${e.message}\n`);
        return 2;
      }
      if (!stmts) return status;
      status = await this.runStmts(stmts, io);
    }
  }
}

function errexitApplies(cmd: Command): boolean {
  return cmd.type === 'CallExpr' || cmd.type === 'Pipeline' || cmd.type === 'Subshell' ||
    cmd.type === 'ArithCmd' || cmd.type === 'TestClause';
}

function isPlainWord(w: Word): boolean {
  return w.parts.length === 1 && w.parts[0].type === 'Lit';
}
