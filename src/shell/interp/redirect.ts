/**
 * Redirections, applied left to right on a descriptor table so that
 * `>f 2>&1` and `2>&1 >f` differ as they do in bash.
 */
import type { Redirect } from '../syntax/ast';
import type { InputStream, OutputStream } from './handlers';
import type { Interp, IO } from './interp';
import { emptyInput, nullOutput, stringInput } from './streams';
import { resolvePath } from './path';
import { errorText } from './messages';

type Stream = InputStream | OutputStream;

const isInput = (s: Stream | undefined): s is InputStream => !!s && 'read' in s;
const isOutput = (s: Stream | undefined): s is OutputStream => !!s && 'write' in s;

class RedirectFailure {
  constructor(readonly message: string) {}
}

/**
 * The command's IO after the redirections, and a close() that flushes files it
 * opened; null (after printing bash's message) when one failed.
 */
export async function applyRedirects(sh: Interp, redirs: Redirect[], io: IO): Promise<{ io: IO; close(): Promise<void> } | null> {
  const fds = new Map<number, Stream>([[0, io.stdin], [1, io.stdout], [2, io.stderr]]);
  const closers: (() => Promise<void> | void)[] = [];
  const close = async () => {
    for (const c of closers.reverse()) {
      try {
        await c();
      } catch (e) {
        sh.err(io, errorText(e));
      }
    }
  };
  const ex = sh.expander(io);
  const files = sh.shared.files;

  const openWrite = async (target: string, append: boolean): Promise<OutputStream> => {
    if (target === '/dev/null') return nullOutput;
    if (target === '/dev/stdout') return fds.get(1) as OutputStream;
    if (target === '/dev/stderr') return fds.get(2) as OutputStream;
    if (target === '') throw new RedirectFailure(': No such file or directory');
    try {
      const f = await files.open(resolvePath(sh.state.cwd, target), append ? 'a' : 'w');
      closers.push(() => f.close());
      return f;
    } catch (e) {
      throw new RedirectFailure(`${target}: ${errorText(e)}`);
    }
  };
  const openRead = async (target: string): Promise<InputStream> => {
    if (target === '/dev/null') return emptyInput();
    if (target === '/dev/stdin') return fds.get(0) as InputStream;
    if (target === '') throw new RedirectFailure(': No such file or directory');
    try {
      const f = await files.open(resolvePath(sh.state.cwd, target), 'r');
      closers.push(() => f.close());
      return f;
    } catch (e) {
      throw new RedirectFailure(`${target}: ${errorText(e)}`);
    }
  };

  try {
    for (const r of redirs) {
      const input = r.op === '<' || r.op === '<<' || r.op === '<<-' || r.op === '<<<' || r.op === '<&' || r.op === '<>';
      const fd = r.fd ?? (input ? 0 : 1);
      switch (r.op) {
        case '<': case '<>':
          fds.set(fd, await openRead(await ex.string(r.word)));
          break;
        case '>': case '>|': case '>>':
          fds.set(fd, await openWrite(await ex.string(r.word), r.op === '>>'));
          break;
        case '&>': case '&>>': {
          const out = await openWrite(await ex.string(r.word), r.op === '&>>');
          fds.set(1, out);
          fds.set(2, out);
          break;
        }
        case '<<': case '<<-':
          fds.set(fd, stringInput(r.hdoc ? await ex.string(r.hdoc) : ''));
          break;
        case '<<<':
          fds.set(fd, stringInput((await ex.string(r.word)) + '\n'));
          break;
        case '>&': case '<&': {
          const target = await ex.string(r.word);
          if (target === '-') {
            fds.set(fd, input ? emptyInput() : nullOutput);
          } else if (/^[0-9]+$/.test(target)) {
            const src = fds.get(Number(target));
            if (!src) throw new RedirectFailure(`${target}: Bad file descriptor`);
            fds.set(fd, src);
          } else if (r.op === '>&' && r.fd === null) {
            const out = await openWrite(target, false);
            fds.set(1, out);
            fds.set(2, out);
          } else {
            throw new RedirectFailure(`${target}: ambiguous redirect`);
          }
          break;
        }
      }
    }
  } catch (e) {
    await close();
    if (!(e instanceof RedirectFailure)) throw e;
    // Reported on descriptor 2 as redirected so far: `2>&1 >&3` complains on stdout.
    const errOut = fds.get(2);
    sh.err({ ...io, stderr: isOutput(errOut) ? errOut : io.stderr }, e.message);
    return null;
  }
  const stdin = fds.get(0);
  const stdout = fds.get(1);
  const stderr = fds.get(2);
  return {
    io: {
      ...io,
      stdin: isInput(stdin) ? stdin : emptyInput(),
      stdout: isOutput(stdout) ? stdout : nullOutput,
      stderr: isOutput(stderr) ? stderr : nullOutput,
    },
    close,
  };
}
