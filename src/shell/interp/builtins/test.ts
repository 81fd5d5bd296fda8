/**
 * `test` and `[`: POSIX's rules by argument count for up to four arguments
 * (so `[ -n ]` and `[ ! = x ]` mean what bash says), a recursive-descent
 * parser with `!`, `-a`, `-o` and parentheses beyond that.
 */
import type { Interp, IO } from '../interp';
import type { FileStat } from '../handlers';
import { resolvePath } from '../path';

export class TestError {
  constructor(readonly message: string) {}
}

export const UNARY: ReadonlySet<string> = new Set(['-e', '-f', '-d', '-s', '-r', '-w', '-x', '-L', '-h', '-z', '-n', '-b', '-c', '-p', '-S', '-t', '-g', '-u', '-k', '-O', '-G', '-N', '-a']);
export const BINARY: ReadonlySet<string> = new Set(['=', '==', '!=', '<', '>', '-eq', '-ne', '-lt', '-gt', '-le', '-ge', '-nt', '-ot', '-ef']);

function integer(s: string): bigint {
  if (!/^\s*[-+]?[0-9]+\s*$/.test(s)) throw new TestError(`${s}: integer expression expected`);
  return BigInt(s.trim());
}

export class TestEval {
  private k = 0;
  constructor(private readonly sh: Interp, private readonly a: string[]) {}

  private async stat(path: string, follow = true): Promise<FileStat | null> {
    if (path === '') return null;
    try {
      return await this.sh.shared.files.stat(resolvePath(this.sh.state.cwd, path), { followSymlinks: follow });
    } catch {
      return null;
    }
  }

  async unary(op: string, arg: string): Promise<boolean> {
    switch (op) {
      case '-z': return arg === '';
      case '-n': return arg !== '';
      case '-t': return false;
      case '-L': case '-h': return !!(await this.stat(arg, false))?.isSymlink;
    }
    const st = await this.stat(arg);
    if (!st) return false;
    switch (op) {
      case '-e': case '-a': return true;
      case '-f': return st.isFile;
      case '-d': return st.isDir;
      case '-s': return st.size > 0;
      // The shell runs as root: everything is readable and writable.
      case '-r': case '-w': return true;
      case '-x': return st.isDir || (st.mode & 0o111) !== 0;
      case '-u': return (st.mode & 0o4000) !== 0;
      case '-g': return (st.mode & 0o2000) !== 0;
      case '-k': return (st.mode & 0o1000) !== 0;
      case '-O': case '-G': return true;
      default: return false;
    }
  }

  async binary(l: string, op: string, r: string): Promise<boolean> {
    switch (op) {
      case '=': case '==': return l === r;
      case '!=': return l !== r;
      case '<': return l < r;
      case '>': return l > r;
      case '-eq': return integer(l) === integer(r);
      case '-ne': return integer(l) !== integer(r);
      case '-lt': return integer(l) < integer(r);
      case '-gt': return integer(l) > integer(r);
      case '-le': return integer(l) <= integer(r);
      case '-ge': return integer(l) >= integer(r);
      case '-nt': case '-ot': {
        const a = await this.stat(l);
        const b = await this.stat(r);
        if (!a || !b) return op === '-nt' ? !!a && !b : !a && !!b;
        return op === '-nt' ? (a.mtime ?? 0) > (b.mtime ?? 0) : (a.mtime ?? 0) < (b.mtime ?? 0);
      }
      case '-ef': return resolvePath(this.sh.state.cwd, l) === resolvePath(this.sh.state.cwd, r) && !!(await this.stat(l));
    }
    throw new TestError(`${op}: binary operator expected`);
  }

  /** POSIX's fixed meanings for short argument lists. */
  async byCount(a: string[]): Promise<boolean> {
    switch (a.length) {
      case 0: return false;
      case 1: return a[0] !== '';
      case 2:
        if (a[0] === '!') return !(await this.byCount(a.slice(1)));
        if (UNARY.has(a[0])) return this.unary(a[0], a[1]);
        throw new TestError(`${a[0]}: unary operator expected`);
      case 3:
        if (BINARY.has(a[1])) return this.binary(a[0], a[1], a[2]);
        if (a[1] === '-a') return a[0] !== '' && a[2] !== '';
        if (a[1] === '-o') return a[0] !== '' || a[2] !== '';
        if (a[0] === '!') return !(await this.byCount(a.slice(1)));
        if (a[0] === '(' && a[2] === ')') return a[1] !== '';
        throw new TestError(`${a[1]}: binary operator expected`);
      case 4:
        if (a[0] === '!') return !(await this.byCount(a.slice(1)));
        if (a[0] === '(' && a[3] === ')') return this.byCount(a.slice(1, 3));
    }
    return this.parseAll();
  }

  private async parseAll(): Promise<boolean> {
    const v = await this.or();
    if (this.k < this.a.length) throw new TestError('too many arguments');
    return v;
  }

  private async or(): Promise<boolean> {
    let v = await this.and();
    while (this.a[this.k] === '-o') {
      this.k++;
      const r = await this.and();
      v = v || r;
    }
    return v;
  }

  private async and(): Promise<boolean> {
    let v = await this.not();
    while (this.a[this.k] === '-a') {
      this.k++;
      const r = await this.not();
      v = v && r;
    }
    return v;
  }

  private async not(): Promise<boolean> {
    if (this.a[this.k] === '!') {
      this.k++;
      return !(await this.not());
    }
    return this.primary();
  }

  private async primary(): Promise<boolean> {
    const a = this.a;
    const t = a[this.k];
    if (t === undefined) throw new TestError('argument expected');
    if (t === '(') {
      this.k++;
      const v = await this.or();
      if (a[this.k] !== ')') throw new TestError("`)' expected");
      this.k++;
      return v;
    }
    if (BINARY.has(a[this.k + 1] ?? '') && this.k + 2 < a.length) {
      this.k += 3;
      return this.binary(t, a[this.k - 2], a[this.k - 1]);
    }
    if (UNARY.has(t) && this.k + 1 < a.length) {
      this.k += 2;
      return this.unary(t, a[this.k - 1]);
    }
    this.k++;
    return t !== '';
  }
}

export async function testBuiltin(sh: Interp, args: string[], io: IO): Promise<number> {
  const name = args[0];
  let a = args.slice(1);
  if (name === '[') {
    if (a[a.length - 1] !== ']') {
      sh.err(io, "[: missing `]'");
      return 2;
    }
    a = a.slice(0, -1);
  }
  try {
    return (await new TestEval(sh, a).byCount(a)) ? 0 : 1;
  } catch (e) {
    if (!(e instanceof TestError)) throw e;
    sh.err(io, `${name}: ${e.message}`);
    return 2;
  }
}
