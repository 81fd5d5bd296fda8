/**
 * Everything a shell remembers between commands. A subshell (`( )`, `$( )`,
 * pipeline stages) works on a clone, which is how its changes stay inside.
 */
import type { Stmt } from '../syntax/ast';

export interface Var {
  value: string;
  exported: boolean;
}

export interface ShellOptions {
  errexit: boolean;
  xtrace: boolean;
  nounset: boolean;
  noglob: boolean;
  pipefail: boolean;
}

export const OPTION_LETTERS: Record<string, keyof ShellOptions> = {
  e: 'errexit', x: 'xtrace', u: 'nounset', f: 'noglob',
};

export class ShellState {
  vars = new Map<string, Var>();
  funcs = new Map<string, Stmt>();
  aliases = new Map<string, string>();
  /** `export NAME` before NAME has a value: exported once set. */
  exportPending = new Set<string>();
  cwd = '/';
  positional: string[] = [];
  /** `$0` */
  arg0 = 'bash';
  /** `$?` */
  status = 0;
  opts: ShellOptions = { errexit: false, xtrace: false, nounset: false, noglob: false, pipefail: false };
  /** Variables shadowed by `local`, one map per active function call. */
  frames: Map<string, Var | undefined>[] = [];
  /** Depth of `source`, where `return` is allowed too. */
  sourceDepth = 0;
  loopDepth = 0;
  /** Line of the command running, for `bash: line N:` messages. */
  line = 0;
  /** `$!` */
  lastBgPid = '';
  /** Signal name (EXIT, ERR, INT…) to commands. Subshells start without them. */
  traps = new Map<string, string>();

  clone(): ShellState {
    const s = new ShellState();
    for (const [k, v] of this.vars) s.vars.set(k, { ...v });
    s.funcs = new Map(this.funcs);
    s.aliases = new Map(this.aliases);
    s.exportPending = new Set(this.exportPending);
    s.cwd = this.cwd;
    s.positional = [...this.positional];
    s.arg0 = this.arg0;
    s.status = this.status;
    s.opts = { ...this.opts };
    s.frames = this.frames.map((f) => new Map(f));
    s.sourceDepth = this.sourceDepth;
    s.loopDepth = this.loopDepth;
    s.line = this.line;
    s.lastBgPid = this.lastBgPid;
    return s;
  }

  get(name: string): string | undefined {
    return this.vars.get(name)?.value;
  }

  set(name: string, value: string, exported?: boolean): void {
    const v = this.vars.get(name);
    if (v) {
      v.value = value;
      if (exported) v.exported = true;
    } else {
      this.vars.set(name, { value, exported: exported || this.exportPending.delete(name) });
    }
  }

  unset(name: string): void {
    this.vars.delete(name);
  }

  exportedEnv(): Map<string, string> {
    const env = new Map<string, string>();
    for (const [k, v] of this.vars) if (v.exported) env.set(k, v.value);
    return env;
  }

  /** `$-` */
  flags(interactive: boolean): string {
    let f = '';
    for (const [letter, name] of Object.entries(OPTION_LETTERS)) if (this.opts[name]) f += letter;
    return f + 'h' + (interactive ? 'i' : '') + 'B';
  }
}
