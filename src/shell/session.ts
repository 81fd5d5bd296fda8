/**
 * A terminal session: the host prompt where `docker` works, and the container
 * shells that `docker run -it` / `docker exec -it` open on top of it. Each level
 * is one interpreter over one location's filesystem; `exit` pops back to the host.
 * The terminal only submits lines and shows `prompt()`.
 */
import type { LayerlabApi } from '../engine/api';
import type { Engine } from '../engine/engine';
import { EngineError } from '../engine/errors';
import { createContainerFS } from '../engine/union/overlay';
import { buildMergedTree } from '../engine/union/merged';
import type { ContainerFS } from '../engine/union/types';
import { createViewContext, type ViewContext } from '../engine/zenfs/backend';
import { fileHandlers } from './files';
import type { ExecContext, ExecFailure, OutputStream } from './interp/handlers';
import { createRunner, type Runner } from './interp/runner';
import { emptyInput } from './interp/streams';
import type { Command, CommandEnv, Location, SessionControl } from './commands/types';
import { APPLET_MAGIC, seedHost } from './host';

export interface SessionOptions {
  engine: Engine;
  api: LayerlabApi;
  /** Commands of the host (coreutils, docker, ...): always available there. */
  hostCommands: Record<string, Command>;
  /** Applets a container can run when its filesystem has them on PATH. */
  applets: Record<string, Command>;
  openEditor?(path: string): boolean;
  /** Subcommands Tab completes after `docker `. */
  dockerSubcommands?: string[];
  /** A host filesystem to use instead of the stored home (the headless CLI's real directory). */
  host?: { view: ContainerFS; home: string };
}

/** Where the session's output goes: the terminal, or a buffer in tests and the CLI. */
export interface SessionSink {
  write(text: string): void;
  /** stderr, when the sink keeps it apart (the CLI); otherwise it goes to `write`. */
  writeErr?(text: string): void;
  clear?(): void;
}

interface Level {
  location: Location;
  runner: Runner;
  ctx: ViewContext;
  pending: Promise<number> | null;
  onExit?: (code: number) => void;
}

export class Session {
  private levels: Level[] = [];
  private abort: AbortController | null = null;
  private pushed: (() => void) | null = null;
  private historyLines: string[] = [];
  private sink: SessionSink | null = null;
  private readonly out: OutputStream;
  private readonly err: OutputStream;
  private readonly decoder = new TextDecoder();

  private constructor(private opts: SessionOptions) {
    this.out = { write: (d) => this.sink?.write(typeof d === 'string' ? d : this.decoder.decode(d, { stream: true })), drain: async () => {} };
    this.err = { write: (d) => { const t = typeof d === 'string' ? d : new TextDecoder().decode(d); if (this.sink?.writeErr) this.sink.writeErr(t); else this.sink?.write(t); }, drain: async () => {} };
  }

  /** Exit status of the last command at the host prompt. */
  get status(): number {
    return this.levels[0].runner.status;
  }

  attach(sink: SessionSink): void {
    this.sink = sink;
  }

  detach(): void {
    this.sink = null;
  }

  static async open(opts: SessionOptions): Promise<Session> {
    const s = new Session(opts);
    const meta = opts.engine.store.meta;
    let view: ContainerFS;
    let home = '/home/learner';
    if (opts.host) {
      view = opts.host.view;
      home = opts.host.home;
    } else {
      const rows = await meta.entriesOf('host');
      view = createContainerFS({ lower: buildMergedTree([]), owner: 'host', upper: rows, now: () => opts.engine.now(), persist: (ops) => meta.write(ops) });
      if (rows.length === 0) {
        seedHost(view);
        await view.flush();
      }
    }
    const user = { name: 'learner', uid: 1000, gid: 1000, home };
    s.levels.push(s.makeLevel({ kind: 'host', hostname: 'layerlab', user }, view, user.home, {
      HOME: user.home, USER: user.name, LOGNAME: user.name, HOSTNAME: 'layerlab', PATH: '/usr/local/bin:/usr/bin:/bin', TERM: 'xterm-256color', PWD: user.home,
    }));
    const saved = await meta.get('kv', 'shell-history');
    s.historyLines = Array.isArray(saved?.value) ? (saved!.value as string[]) : [];
    return s;
  }

  private makeLevel(loc: Omit<Location, 'fs' | 'meta' | 'view'>, view: ContainerFS, cwd: string, env: Record<string, string>): Level {
    const ctx = createViewContext(view, { pwd: cwd });
    const location: Location = { ...loc, fs: ctx.fs, meta: ctx.meta, view };
    const level: Level = { location, ctx, pending: null, runner: null as unknown as Runner };
    level.runner = createRunner({
      exec: (c) => this.exec(level, c),
      files: fileHandlers(ctx.fs),
      env,
      cwd,
      shellName: 'bash',
    });
    return level;
  }

  private get top(): Level {
    return this.levels[this.levels.length - 1];
  }

  get depth(): number {
    return this.levels.length;
  }

  history(): string[] {
    return this.historyLines;
  }

  /** The prompt of the level that reads the next line. */
  prompt(): string {
    const l = this.top;
    const { user, hostname } = l.location;
    const cwd = l.runner.cwd;
    const shown = cwd === user.home ? '~' : cwd.startsWith(user.home + '/') ? '~' + cwd.slice(user.home.length) : cwd;
    return `${user.name}@${hostname}:${shown}${user.uid === 0 ? '#' : '$'} `;
  }

  private commandEnv(level: Level): CommandEnv {
    const control: SessionControl = {
      enterContainer: (id, argv, o) => this.enterContainer(id, argv, o),
      clearScreen: () => this.sink?.clear?.(),
      openEditor: this.opts.openEditor,
      history: () => this.historyLines,
    };
    return { location: level.location, api: level.location.kind === 'host' ? this.opts.api : undefined, session: control, now: () => this.opts.engine.now() };
  }

  /** Find and run a command: built in on the host; on PATH in a container. */
  private async exec(level: Level, c: ExecContext): Promise<number | ExecFailure> {
    const name = c.args[0];
    if (level.location.kind === 'host') {
      if (name === 'sh' || name === 'bash') return c.shell(c.args);
      const cmd = this.opts.hostCommands[name];
      return cmd ? cmd(c, this.commandEnv(level)) : 'ENOENT';
    }
    const fs = level.location.fs;
    const path = name.includes('/') ? (name.startsWith('/') ? name : `${c.cwd}/${name}`) : lookPath(fs, name, c.env.get('PATH') ?? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin');
    if (!path || !fs.existsSync(path)) return 'ENOENT';
    const st = fs.statSync(path);
    if (st.isDirectory()) return 'EISDIR';
    if ((Number(st.mode) & 0o111) === 0) return 'EACCES';
    const head = new TextDecoder().decode(new Uint8Array(fs.readFileSync(path)).subarray(0, 256));
    if (head.startsWith(APPLET_MAGIC)) {
      let applet = head.slice(APPLET_MAGIC.length).split('\n')[0].trim();
      // A multi-call binary (busybox) runs the applet it was invoked as.
      if (applet === 'busybox') applet = (name === 'busybox' ? c.args[1] : name.split('/').pop()) ?? 'busybox';
      if (applet === 'sh' || applet === 'bash') return c.shell(c.args);
      const cmd = this.opts.applets[applet];
      return cmd ? cmd({ ...c, args: [name.split('/').pop()!, ...c.args.slice(1)] }, this.commandEnv(level)) : 'ENOEXEC';
    }
    if (head.startsWith('#!')) return c.shell(['sh', path, ...c.args.slice(1)]);
    return 'ENOEXEC';
  }

  /** Whether a container can run argv[0] (for docker's "executable file not found" error). */
  private async canRun(fs: Location['fs'], argv0: string, pathVar: string): Promise<boolean> {
    const path = argv0.includes('/') ? argv0 : lookPath(fs, argv0, pathVar);
    return !!path && fs.existsSync(path) && !fs.statSync(path).isDirectory();
  }

  async enterContainer(id: string, argv: string[], o: { workdir?: string; env?: string[]; user?: string; interactive?: boolean }): Promise<number> {
    const c = await this.opts.api.inspectContainer(id);
    const view = await this.opts.engine.openContainer(c.id);
    const env: Record<string, string> = { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', HOSTNAME: c.hostname, HOME: '/root', TERM: 'xterm' };
    for (const kv of [...(c.config.Env ?? []), ...(o.env ?? [])]) {
      const i = kv.indexOf('=');
      if (i > 0) env[kv.slice(0, i)] = kv.slice(i + 1);
    }
    const cwd = o.workdir || c.config.WorkingDir || '/';
    env.PWD = cwd;
    const level = this.makeLevel({ kind: 'container', containerId: c.id, hostname: c.hostname, user: { name: 'root', uid: 0, gid: 0, home: '/root' } }, view, cwd, env);
    if (!(await this.canRun(level.location.fs, argv[0], env.PATH))) {
      level.ctx.dispose();
      throw new EngineError('INVALID_ARGUMENT', `exec: "${argv[0]}": executable file not found in $PATH`, { argv0: argv[0] });
    }
    const isShell = ['sh', 'bash', 'ash', '/bin/sh', '/bin/bash', '/bin/ash'].includes(argv[0]) && argv.length === 1;
    if (!isShell || o.interactive === false) {
      // A single command: run it and come back, like `docker run IMAGE ls /`.
      const code = await level.runner.run(argv.map(shellQuote).join(' '), { stdin: emptyInput(), stdout: this.out, stderr: this.err, signal: this.abort?.signal });
      await view.flush();
      level.ctx.dispose();
      return code;
    }
    return new Promise<number>((resolve) => {
      level.onExit = resolve;
      this.levels.push(level);
      this.pushed?.();
    });
  }

  /** Run one line at the current level; resolves when a prompt should be shown again. */
  async submit(line: string): Promise<void> {
    if (line.trim()) {
      this.historyLines.push(line);
      if (this.historyLines.length > 1000) this.historyLines.splice(0, this.historyLines.length - 1000);
      void this.opts.engine.store.meta.write([{ op: 'put', table: 'kv', value: { key: 'shell-history', value: this.historyLines } }]);
    }
    let level = this.top;
    this.abort = new AbortController();
    level.pending = level.runner.run(line, { stdin: emptyInput(), stdout: this.out, stderr: this.err, signal: this.abort.signal });
    for (;;) {
      const pushed = new Promise<'pushed'>((r) => (this.pushed = () => r('pushed')));
      const result = await Promise.race([level.pending, pushed]);
      this.pushed = null;
      if (result === 'pushed') return; // a container shell now reads the lines
      level.pending = null;
      await level.location.view.flush();
      await this.refreshNames().catch(() => {});
      if (level.location.kind === 'container' && level.runner.exitCode !== null) {
        this.levels.pop();
        level.ctx.dispose();
        this.sink?.write('exit\n'); // what an interactive bash prints as it leaves
        level.onExit?.(level.runner.exitCode);
        level = this.top;
        if (level.pending) continue; // the host's `docker run -it` finishes now
      }
      return;
    }
  }

  /** Tab: complete the word before the cursor (commands, docker subcommands, names, paths). */
  complete(before: string): { insert: string; options: string[] } {
    const words = before.split(/\s+/);
    const word = words[words.length - 1];
    const level = this.top;
    let candidates: string[] = [];
    if (words.length === 1) {
      candidates = level.location.kind === 'host' ? Object.keys(this.opts.hostCommands) : this.pathCommands(level);
      candidates.push('cd', 'echo', 'exit', 'export', 'pwd', 'history', 'printf', 'test', 'unset');
    } else if (words[0] === 'docker' && words.length === 2 && level.location.kind === 'host') {
      candidates = [...(this.opts.dockerSubcommands ?? [])];
    } else if (words[0] === 'docker' && level.location.kind === 'host' && !word.includes('/') && this.names.length > 0) {
      candidates = this.names;
    }
    if (candidates.length === 0 || word.includes('/')) candidates = this.paths(level, word);
    const matches = [...new Set(candidates.filter((c) => c.startsWith(word)))].sort();
    if (matches.length === 0) return { insert: '', options: [] };
    let common = matches[0];
    for (const m of matches) while (!m.startsWith(common)) common = common.slice(0, -1);
    const insert = common.slice(word.length) + (matches.length === 1 && !matches[0].endsWith('/') ? ' ' : '');
    return { insert, options: matches };
  }

  /** Image and container names for completion, refreshed after each command. */
  private names: string[] = [];

  private async refreshNames(): Promise<void> {
    const [images, containers] = await Promise.all([this.opts.api.images(), this.opts.api.containers()]);
    this.names = [...images.flatMap((i) => i.tags), ...containers.map((c) => c.name)];
  }

  private pathCommands(level: Level): string[] {
    const out: string[] = [];
    for (const dir of ['/usr/local/bin', '/usr/bin', '/bin', '/usr/sbin', '/sbin']) {
      try {
        out.push(...level.location.fs.readdirSync(dir).map(String));
      } catch {
        // not in this image
      }
    }
    return out;
  }

  private paths(level: Level, word: string): string[] {
    const slash = word.lastIndexOf('/');
    const dirPart = slash >= 0 ? word.slice(0, slash + 1) : '';
    const cwd = level.runner.cwd;
    const home = level.location.user.home;
    const expanded = dirPart.startsWith('~') ? home + dirPart.slice(1) : dirPart;
    const dir = expanded.startsWith('/') ? expanded : `${cwd}/${expanded}`;
    try {
      return level.location.fs.readdirSync(dir || '/').map(String).map((n) => {
        let isDir: boolean;
        try {
          isDir = level.location.fs.statSync(`${dir}/${n}`).isDirectory();
        } catch {
          isDir = false;
        }
        return dirPart + n + (isDir ? '/' : '');
      });
    } catch {
      return [];
    }
  }

  /** Ctrl-C: interrupt what runs now. */
  interrupt(): void {
    this.abort?.abort('SIGINT');
  }

  /** Ctrl-D on an empty line: leave a container shell (like `exit`). */
  async endOfInput(): Promise<void> {
    if (this.top.location.kind === 'container') await this.submit('exit');
  }
}

function lookPath(fs: Location['fs'], name: string, pathVar: string): string | null {
  for (const dir of pathVar.split(':')) {
    const p = `${dir || '.'}/${name}`;
    try {
      if (fs.existsSync(p) && !fs.statSync(p).isDirectory()) return p;
    } catch {
      // unreadable dir on PATH: keep looking
    }
  }
  return null;
}

function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

