/**
 * The public face of the interpreter: a shell session that keeps its state
 * (variables, cwd, functions, `$?`) across `run` calls, as a terminal needs.
 */
import { Parser } from '../syntax/parser';
import { ShellSyntaxError } from '../syntax/errors';
import { ExpandError } from '../expand/errors';
import type { ExecHandler, FileHandlers, InputStream, LookPathHandler, OutputStream } from './handlers';
import { Interp, type IO, type Shared } from './interp';
import { ShellState, type ShellOptions } from './state';
import { BreakSignal, ContinueSignal, ExitSignal, InterruptSignal, ReturnSignal } from './control';
import { runShellArgs } from './child';
import { normalizePath } from './path';
import { runTrap } from './builtins/trap';

export interface RunnerOptions {
  exec: ExecHandler;
  files: FileHandlers;
  lookPath?: LookPathHandler;
  /** Initial environment; every entry is exported. */
  env?: Record<string, string>;
  /** Initial directory; defaults to env.PWD, then `/`. */
  cwd?: string;
  /** Name in messages (`bash: foo: command not found`). Default 'bash'. */
  shellName?: 'bash' | 'sh';
  /**
   * Interactive shells (the default) print `bash: msg`; scripts print
   * `<$0>: line N: msg`, and exit on syntax errors and `${x:?}`.
   */
  interactive?: boolean;
  /** `$0`; defaults to the shell name. */
  arg0?: string;
  /** `$1`… */
  args?: string[];
  /** `$$`; default 1. */
  pid?: number;
  options?: Partial<ShellOptions>;
}

export interface RunIO {
  stdin: InputStream;
  stdout: OutputStream;
  stderr: OutputStream;
  /** Ctrl-C: aborting stops the running command and `run` resolves 130. */
  signal?: AbortSignal;
}

export interface Runner {
  /** Runs source (one or more lines); resolves the status of the last command. */
  run(source: string, io: RunIO): Promise<number>;
  readonly cwd: string;
  /** `$?` */
  readonly status: number;
  /** Set when the last run ended the shell (`exit`, `set -e`, a script's syntax error): its status. */
  readonly exitCode: number | null;
  getVar(name: string): string | undefined;
  setVar(name: string, value: string, opts?: { exported?: boolean }): void;
  /** The exported environment, as a command would receive it. */
  env(): Map<string, string>;
}

const NEVER = new AbortController().signal;

class ShellRunner implements Runner {
  private readonly state = new ShellState();
  private readonly shared: Shared;
  exitCode: number | null = null;

  constructor(opts: RunnerOptions) {
    const shellName = opts.shellName ?? 'bash';
    this.shared = {
      exec: opts.exec,
      files: opts.files,
      lookPath: opts.lookPath,
      shellName,
      interactive: opts.interactive ?? true,
      pid: opts.pid ?? 1,
      jobs: new Set(),
      nextPid: (opts.pid ?? 1) + 1,
      childShell: (argv, ctx) => runShellArgs(argv, {
        ...ctx, exec: opts.exec, files: opts.files, lookPath: opts.lookPath, pid: this.shared.nextPid++,
      }),
    };
    const st = this.state;
    for (const [k, v] of Object.entries(opts.env ?? {})) st.vars.set(k, { value: v, exported: true });
    st.cwd = normalizePath(opts.cwd ?? opts.env?.PWD ?? '/');
    st.set('PWD', st.cwd, true);
    st.arg0 = opts.arg0 ?? shellName;
    st.positional = [...(opts.args ?? [])];
    Object.assign(st.opts, opts.options ?? {});
  }

  get cwd(): string {
    return this.state.cwd;
  }

  get status(): number {
    return this.state.status;
  }

  getVar(name: string): string | undefined {
    return this.state.get(name);
  }

  setVar(name: string, value: string, o?: { exported?: boolean }): void {
    this.state.set(name, value, o?.exported);
  }

  env(): Map<string, string> {
    return this.state.exportedEnv();
  }

  async run(source: string, rio: RunIO): Promise<number> {
    this.exitCode = null;
    const signal = rio.signal ?? NEVER;
    const interp = new Interp(this.shared, this.state, signal);
    const io: IO = { stdin: rio.stdin, stdout: rio.stdout, stderr: rio.stderr, signal, noErrexit: false };
    const parser = new Parser(source);
    let status = this.state.status;
    try {
      for (;;) {
        let stmts;
        try {
          stmts = parser.nextLine();
        } catch (e) {
          if (!(e instanceof ShellSyntaxError)) throw e;
          this.state.line = e.line;
          io.stderr.write(interp.prefix() + e.message + '\n');
          status = 2;
          if (!this.shared.interactive) this.exitCode = 2;
          break;
        }
        if (!stmts) break;
        try {
          status = await interp.runStmts(stmts, io);
        } catch (e) {
          if (!(e instanceof ExpandError)) throw e;
          // bash abandons the rest of the line; a script exits.
          io.stderr.write(interp.prefix() + e.message + '\n');
          status = 1;
          this.state.status = 1;
          if (!this.shared.interactive) throw new ExitSignal(1);
        }
      }
    } catch (e) {
      if (e instanceof ExitSignal) {
        status = e.status;
        this.exitCode = status;
      } else if (e instanceof InterruptSignal) {
        status = 130;
      } else if (e instanceof ReturnSignal) {
        status = e.status;
      } else if (e instanceof BreakSignal || e instanceof ContinueSignal) {
        status = this.state.status;
      } else {
        throw e;
      }
    }
    this.state.status = status;
    if (this.state.traps.has('EXIT') && (this.exitCode !== null || !this.shared.interactive)) {
      const exit = await runTrap(interp, 'EXIT', { ...io, signal: NEVER });
      if (exit !== null) {
        status = exit;
        this.exitCode = exit;
        this.state.status = exit;
      }
    }
    return status;
  }
}

export function createRunner(opts: RunnerOptions): Runner {
  return new ShellRunner(opts);
}
