/**
 * An in-memory world for shell tests: a file system over a Map and a few
 * external commands (cat, wc -l, grep, head, sleep, yes, seq, env, sh/bash)
 * behind an ExecHandler that resolves PATH through that file system.
 */
import { fsError } from '../../src/engine/errors';
import {
  createRunner, BufferOutput, stringInput, emptyInput, bytesToString, toBytes, concatBytes, readLine, resolvePath,
  type ExecContext, type ExecFailure, type FileHandlers, type FileStat, type InputStream, type WritableFile, type Runner,
  type RunnerOptions,
} from '../../src/shell/interp';

type Entry =
  | { type: 'file'; data: Uint8Array; mode: number }
  | { type: 'dir'; mode: number }
  | { type: 'symlink'; target: string };

export class MemFS implements FileHandlers {
  readonly entries = new Map<string, Entry>([['/', { type: 'dir', mode: 0o755 }]]);

  mkdirp(path: string): void {
    let p = '';
    for (const seg of path.split('/').filter(Boolean)) {
      p += '/' + seg;
      if (!this.entries.has(p)) this.entries.set(p, { type: 'dir', mode: 0o755 });
    }
  }

  write(path: string, text: string, mode = 0o644): void {
    this.mkdirp(path.slice(0, path.lastIndexOf('/')) || '/');
    this.entries.set(path, { type: 'file', data: toBytes(text), mode });
  }

  symlink(path: string, target: string): void {
    this.entries.set(path, { type: 'symlink', target });
  }

  read(path: string): string | undefined {
    const e = this.entries.get(path);
    return e?.type === 'file' ? bytesToString(e.data) : undefined;
  }

  private resolve(path: string): { path: string; entry: Entry | undefined } {
    for (let hops = 0; hops < 20; hops++) {
      const e = this.entries.get(path);
      if (e?.type !== 'symlink') return { path, entry: e };
      path = resolvePath(path.slice(0, path.lastIndexOf('/')) || '/', e.target);
    }
    throw fsError('ELOOP', 'stat', path);
  }

  private parentOk(path: string, syscall: string): void {
    const parent = path.slice(0, path.lastIndexOf('/')) || '/';
    const e = this.resolve(parent).entry;
    if (!e) throw fsError('ENOENT', syscall, path);
    if (e.type !== 'dir') throw fsError('ENOTDIR', syscall, path);
  }

  open(path: string, mode: 'r'): Promise<InputStream>;
  open(path: string, mode: 'w' | 'a'): Promise<WritableFile>;
  async open(path: string, mode: 'r' | 'w' | 'a'): Promise<InputStream | WritableFile> {
    const { path: real, entry } = this.resolve(path);
    if (mode === 'r') {
      if (!entry) throw fsError('ENOENT', 'open', path);
      if (entry.type === 'dir') throw fsError('EISDIR', 'read', path);
      return stringInput((entry as { data: Uint8Array }).data);
    }
    if (entry?.type === 'dir') throw fsError('EISDIR', 'open', path);
    this.parentOk(real, 'open');
    const file: Entry & { type: 'file' } = entry?.type === 'file'
      ? entry : { type: 'file', data: new Uint8Array(0), mode: 0o644 };
    if (mode === 'w') file.data = new Uint8Array(0);
    this.entries.set(real, file);
    return {
      write(d) { file.data = concatBytes([file.data, toBytes(d)]); },
      drain: async () => {},
      close: async () => {},
    };
  }

  async stat(path: string, opts?: { followSymlinks?: boolean }): Promise<FileStat | null> {
    const raw = this.entries.get(path);
    if (raw?.type === 'symlink' && opts?.followSymlinks === false) {
      return { isDir: false, isFile: false, isSymlink: true, size: raw.target.length, mode: 0o777 };
    }
    const e = this.resolve(path).entry;
    if (!e || e.type === 'symlink') return null;
    return {
      isDir: e.type === 'dir', isFile: e.type === 'file', isSymlink: false,
      size: e.type === 'file' ? e.data.length : 4096, mode: e.mode,
    };
  }

  async readdir(path: string): Promise<string[]> {
    const { path: real, entry } = this.resolve(path);
    if (!entry) throw fsError('ENOENT', 'scandir', path);
    if (entry.type !== 'dir') throw fsError('ENOTDIR', 'scandir', path);
    const prefix = real === '/' ? '/' : real + '/';
    const names: string[] = [];
    for (const p of this.entries.keys()) {
      if (p !== '/' && p.startsWith(prefix) && !p.slice(prefix.length).includes('/')) names.push(p.slice(prefix.length));
    }
    return names;
  }
}

const text = (s: InputStream) => s.readAll().then(bytesToString);

async function inputs(ctx: ExecContext, files: string[], fs: MemFS, name: string): Promise<{ data: string; status: number }> {
  if (!files.length) return { data: await text(ctx.stdin), status: 0 };
  let data = '';
  let status = 0;
  for (const f of files) {
    if (f === '-') { data += await text(ctx.stdin); continue; }
    try {
      data += await text(await fs.open(resolvePath(ctx.cwd, f), 'r'));
    } catch (e) {
      const code = (e as { code?: string }).code;
      ctx.stderr.write(`${name}: ${f}: ${code === 'EISDIR' ? 'Is a directory' : 'No such file or directory'}\n`);
      status = 1;
    }
  }
  return { data, status };
}

type Command = (ctx: ExecContext, fs: MemFS) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  async cat(ctx, fs) {
    const r = await inputs(ctx, ctx.args.slice(1), fs, 'cat');
    ctx.stdout.write(r.data);
    return r.status;
  },
  async wc(ctx, fs) {
    const files = ctx.args.slice(1).filter((a) => !a.startsWith('-'));
    const r = await inputs(ctx, files, fs, 'wc');
    ctx.stdout.write(`${(r.data.match(/\n/g) ?? []).length}\n`);
    return r.status;
  },
  async grep(ctx, fs) {
    const args = ctx.args.slice(1);
    const invert = args[0] === '-v';
    if (invert) args.shift();
    const [needle, ...files] = args;
    const r = await inputs(ctx, files, fs, 'grep');
    const lines = r.data.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    const hits = lines.filter((l) => l.includes(needle) !== invert);
    for (const l of hits) ctx.stdout.write(l + '\n');
    return r.status || (hits.length ? 0 : 1);
  },
  async head(ctx) {
    let n = 10;
    const a = ctx.args.slice(1);
    if (a[0] === '-n') n = Number(a[1]);
    else if (/^-[0-9]+$/.test(a[0] ?? '')) n = Number(a[0].slice(1));
    for (let k = 0; k < n; k++) {
      const line = await readLine(ctx.stdin, ctx.signal);
      if (line === null) break;
      ctx.stdout.write(line);
    }
    return 0;
  },
  async sleep(ctx) {
    const ms = Number(ctx.args[1] ?? 0) * 1000;
    return new Promise<number>((resolve) => {
      const t = setTimeout(() => { ctx.signal.removeEventListener('abort', stop); resolve(0); }, ms);
      const stop = () => { clearTimeout(t); resolve(130); };
      ctx.signal.addEventListener('abort', stop, { once: true });
    });
  },
  async yes(ctx) {
    const line = (ctx.args.slice(1).join(' ') || 'y') + '\n';
    const chunk = line.repeat(Math.max(1, Math.floor(4096 / line.length)));
    while (!ctx.signal.aborted) {
      ctx.stdout.write(chunk);
      await ctx.stdout.drain();
      await new Promise((r) => setTimeout(r, 0));
    }
    return 141;
  },
  async seq(ctx) {
    const nums = ctx.args.slice(1).map(Number);
    const [from, to] = nums.length === 1 ? [1, nums[0]] : [nums[0], nums[1]];
    for (let k = from; k <= to; k++) ctx.stdout.write(`${k}\n`);
    return 0;
  },
  async env(ctx) {
    for (const k of [...ctx.env.keys()].sort()) ctx.stdout.write(`${k}=${ctx.env.get(k)}\n`);
    return 0;
  },
  async sh(ctx) {
    return ctx.shell(ctx.args);
  },
  async bash(ctx) {
    return ctx.shell(ctx.args);
  },
  async fail(ctx) {
    return Number(ctx.args[1] ?? 1);
  },
  async boom() {
    throw new Error('kaboom');
  },
};

/** Resolves args[0] through PATH in the memory FS; `#!` scripts run in a child shell. */
export function makeExec(fs: MemFS) {
  return async (ctx: ExecContext): Promise<number | ExecFailure> => {
    const name = ctx.args[0];
    let path: string | null = null;
    if (name.includes('/')) {
      path = resolvePath(ctx.cwd, name);
    } else {
      for (const dir of (ctx.env.get('PATH') ?? '').split(':')) {
        const p = resolvePath(ctx.cwd, (dir || '.') + '/' + name);
        const st = await fs.stat(p);
        if (st?.isFile && st.mode & 0o111) { path = p; break; }
      }
      if (!path) return 'ENOENT';
    }
    const st = await fs.stat(path);
    if (!st) return 'ENOENT';
    if (st.isDir) return 'EISDIR';
    if (!(st.mode & 0o111)) return 'EACCES';
    const content = fs.read(path) ?? '';
    const shebang = /^#!\s*(\S+)/.exec(content);
    if (shebang) return ctx.shell([shebang[1], name, ...ctx.args.slice(1)]);
    const cmd = COMMANDS[path.slice(path.lastIndexOf('/') + 1)];
    if (!cmd) return 'ENOEXEC';
    return cmd(ctx, fs);
  };
}

export interface Result {
  stdout: string;
  stderr: string;
  status: number;
}

export interface Harness {
  fs: MemFS;
  runner: Runner;
  run(script: string, opts?: { stdin?: string; signal?: AbortSignal }): Promise<Result>;
}

export const BASE_ENV = { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: '/root', USER: 'root' };

export function createHarness(opts: Partial<RunnerOptions> & { files?: Record<string, string>; noShell?: boolean } = {}): Harness {
  const fs = new MemFS();
  for (const name of Object.keys(COMMANDS)) {
    if (opts.noShell && (name === 'sh' || name === 'bash')) continue;
    fs.write('/bin/' + name, '\x7fELF', 0o755);
  }
  fs.mkdirp('/root');
  fs.mkdirp('/tmp');
  fs.write('/etc/hostname', 'layerlab\n');
  fs.write('/data/a.txt', 'apple\nbanana\ncherry\n');
  fs.write('/data/b.txt', 'one\ntwo\n');
  fs.write('/data/c.log', 'log line\n');
  fs.write('/data/.hidden', 'secret\n');
  fs.write('/data/empty', '');
  fs.mkdirp('/data/sub');
  fs.write('/data/sub/deep.txt', 'deep\n');
  fs.write('/scripts/hello.sh', '#!/bin/sh\necho "hello from $0 with $# args: $*"\nexit 3\n', 0o755);
  fs.write('/scripts/noexec.sh', 'echo nope\n', 0o644);
  fs.write('/scripts/lib.sh', 'greet() { echo "hi $1"; }\nLIBVAR=loaded\n');
  fs.symlink('/data/link', '/data/a.txt');
  for (const [p, t] of Object.entries(opts.files ?? {})) fs.write(p, t);
  const runner = createRunner({
    exec: makeExec(fs),
    files: fs,
    env: { ...BASE_ENV, ...(opts.env ?? {}) },
    cwd: opts.cwd ?? '/root',
    shellName: opts.shellName,
    interactive: opts.interactive,
    pid: opts.pid ?? 4242,
  });
  return {
    fs,
    runner,
    async run(script, o = {}) {
      const stdout = new BufferOutput();
      const stderr = new BufferOutput();
      const status = await runner.run(script, {
        stdin: o.stdin !== undefined ? stringInput(o.stdin) : emptyInput(),
        stdout,
        stderr,
        signal: o.signal,
      });
      return { stdout: stdout.text(), stderr: stderr.text(), status };
    },
  };
}

export { BufferOutput, emptyInput, concatBytes };
