/** save/load and export/import: files on the host side, tars in the engine. */
import { daemonError, flag, getBool, getList, getStr, print, type Subcommand } from './common';
import type { ExecContext } from '../../interp/handlers';
import type { CommandEnv } from '../types';

function resolve(ctx: ExecContext, path: string): string {
  return path.startsWith('/') ? path : `${ctx.cwd}/${path}`;
}

function writeOut(ctx: ExecContext, env: CommandEnv, path: string | undefined, bytes: Uint8Array, what: string): number {
  if (!path) {
    ctx.stderr.write(`cowardly refusing to ${what} to a terminal. Use the -o flag or redirect\n`);
    return 1;
  }
  env.location.fs.writeFileSync(resolve(ctx, path), bytes);
  return 0;
}

function readIn(ctx: ExecContext, env: CommandEnv, path: string): Uint8Array | number {
  try {
    return new Uint8Array(env.location.fs.readFileSync(resolve(ctx, path)));
  } catch (e) {
    ctx.stderr.write(`open ${path}: no such file or directory\n`);
    void e;
    return 1;
  }
}

export const save: Subcommand = {
  usage: 'docker save [OPTIONS] IMAGE [IMAGE...]',
  description: 'Save one or more images to a tar archive (streamed to STDOUT by default)',
  flags: [flag.str('output', 'o', 'Write to a file, instead of STDOUT')],
  args: { min: 1 },
  async run(p, ctx, env) {
    try {
      return writeOut(ctx, env, getStr(p, 'output'), await env.api.save(p.args), 'save');
    } catch (e) {
      return daemonError(ctx, e);
    }
  },
};

export const load: Subcommand = {
  usage: 'docker load [OPTIONS]',
  description: 'Load an image from a tar archive or STDIN',
  flags: [flag.str('input', 'i', 'Read from tar archive file, instead of STDIN'), flag.bool('quiet', 'q', 'Suppress the load output')],
  args: { max: 0 },
  async run(p, ctx, env) {
    const input = getStr(p, 'input');
    const bytes = input ? readIn(ctx, env, input) : await ctx.stdin.readAll();
    if (typeof bytes === 'number') return bytes;
    if (bytes.length === 0) {
      ctx.stderr.write('requested load from stdin, but stdin is empty\n');
      return 1;
    }
    try {
      const res = await env.api.load(bytes);
      if (!getBool(p, 'quiet')) print(ctx, res.lines.map((l) => l + '\n').join(''));
      return 0;
    } catch (e) {
      return daemonError(ctx, e);
    }
  },
};

export const exportCmd: Subcommand = {
  usage: 'docker export [OPTIONS] CONTAINER',
  description: "Export a container's filesystem as a tar archive",
  flags: [flag.str('output', 'o', 'Write to a file, instead of STDOUT')],
  args: { exactly: 1 },
  async run(p, ctx, env) {
    try {
      return writeOut(ctx, env, getStr(p, 'output'), await env.api.exportContainer(p.args[0]), 'export');
    } catch (e) {
      return daemonError(ctx, e);
    }
  },
};

export const importCmd: Subcommand = {
  usage: 'docker import [OPTIONS] file|URL|- [REPOSITORY[:TAG]]',
  description: 'Import the contents from a tarball to create a filesystem image',
  flags: [flag.list('change', 'c', 'Apply Dockerfile instruction to the created image'), flag.str('message', 'm', 'Set commit message for imported image')],
  args: { min: 1, max: 2 },
  async run(p, ctx, env) {
    const [src, ref] = p.args;
    if (/^https?:\/\//.test(src)) {
      ctx.stderr.write('Error response from daemon: there is no network in the playground: import a file from your home directory instead\n');
      return 1;
    }
    const bytes = src === '-' ? await ctx.stdin.readAll() : readIn(ctx, env, src);
    if (typeof bytes === 'number') return bytes;
    try {
      const img = await env.api.importImage(bytes, { reference: ref, message: getStr(p, 'message'), changes: getList(p, 'change') });
      print(ctx, `${img.id}\n`);
      return 0;
    } catch (e) {
      return daemonError(ctx, e);
    }
  },
};
