/**
 * `sh`/`bash` as a command: parses the shell's own command line and runs the
 * script in a fresh, non-interactive interpreter. The exec handler decides
 * whether sh/bash exist (an image without /bin/sh has no shell); this only
 * runs one when asked.
 */
import type { ExecContext, ExecHandler, FileHandlers, LookPathHandler } from './handlers';
import { createRunner } from './runner';
import { basename, resolvePath } from './path';
import { bytesToString } from './streams';
import { errorText } from './messages';
import { OPTION_LETTERS, type ShellOptions } from './state';

export interface ShellInvocation extends Omit<ExecContext, 'args' | 'shell'> {
  exec: ExecHandler;
  files: FileHandlers;
  lookPath?: LookPathHandler;
  pid?: number;
}

const LONG_OPTIONS: Record<string, keyof ShellOptions> = {
  errexit: 'errexit', xtrace: 'xtrace', nounset: 'nounset', noglob: 'noglob', pipefail: 'pipefail',
};

/**
 * Runs `argv` as sh or bash would: `sh -c 'cmd' [name [args…]]`,
 * `sh script [args…]`, or the script from stdin. Options -e -x -u -f, -o name;
 * -i -l -s and --login/--norc/--noprofile/--posix are accepted and ignored.
 */
export async function runShellArgs(argv: string[], inv: ShellInvocation): Promise<number> {
  const invokedAs = argv[0] ?? 'sh';
  const shellName = basename(invokedAs) === 'bash' ? 'bash' : 'sh';
  const fail = (msg: string, status: number) => {
    inv.stderr.write(`${invokedAs}: ${msg}\n`);
    return status;
  };
  const options: Partial<ShellOptions> = {};
  let commandMode = false;
  let i = 1;
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--' || a === '-') { i++; break; }
    if (a.startsWith('--')) {
      if (['--login', '--norc', '--noprofile', '--posix', '--noediting'].includes(a)) continue;
      return fail(`${a}: invalid option`, 2);
    }
    if (!/^[-+]./.test(a)) break;
    const on = a[0] === '-';
    for (const f of a.slice(1)) {
      if (f === 'c') commandMode = true;
      else if (f === 'o') {
        const name = argv[++i];
        if (!name || !(name in LONG_OPTIONS)) return fail(`${name ?? ''}: invalid option name`, 2);
        options[LONG_OPTIONS[name]] = on;
      } else if (OPTION_LETTERS[f]) options[OPTION_LETTERS[f]] = on;
      else if (!'ilsv'.includes(f)) return fail(`-${f}: invalid option`, 2);
    }
  }
  let arg0 = invokedAs;
  let positional: string[];
  let script: string;
  if (commandMode) {
    if (argv[i] === undefined) return fail('-c: option requires an argument', 2);
    script = argv[i];
    arg0 = argv[i + 1] ?? invokedAs;
    positional = argv.slice(i + 2);
  } else if (i < argv.length) {
    const file = argv[i];
    arg0 = file;
    positional = argv.slice(i + 1);
    try {
      const input = await inv.files.open(resolvePath(inv.cwd, file), 'r');
      script = bytesToString(await input.readAll());
      input.close();
    } catch (e) {
      return fail(`${file}: ${errorText(e)}`, 127);
    }
  } else {
    positional = [];
    script = bytesToString(await inv.stdin.readAll());
  }
  const runner = createRunner({
    exec: inv.exec,
    files: inv.files,
    lookPath: inv.lookPath,
    env: Object.fromEntries(inv.env),
    cwd: inv.cwd,
    shellName,
    interactive: false,
    arg0,
    args: positional,
    pid: inv.pid,
    options,
  });
  return runner.run(script, { stdin: inv.stdin, stdout: inv.stdout, stderr: inv.stderr, signal: inv.signal });
}
