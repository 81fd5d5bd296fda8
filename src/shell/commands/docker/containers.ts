/** Container subcommands: run, create, start/stop/..., ps, exec, diff, commit, rm, logs. */
import { EngineError } from '../../../engine/errors';
import { shortId } from '../../../engine/format/ids';
import { renderDiff } from '../../../engine/format/render';
import { formatTable, psCommand, psCommandColumn } from '../../../engine/format/table';
import { containerStatus, createdAgo } from '../../../engine/format/units';
import type { ContainerRecord } from '../../../engine/types';
import type { ExecContext } from '../../interp/handlers';
import { daemonError, flag, getBool, getList, getStr, print, type Subcommand } from './common';
import type { Parsed } from './flags';
import type { CommandEnv } from '../types';
import type { LayerlabApi } from '../../../engine/api';
import { pullImage } from '../../images/build';
import { normalize } from '../../../engine/reference';

type Env = CommandEnv & { api: LayerlabApi };

const runFlags = [
  flag.bool('detach', 'd', 'Run container in background and print container ID'),
  flag.list('env', 'e', 'Set environment variables'),
  flag.str('entrypoint', undefined, 'Overwrite the default ENTRYPOINT of the image'),
  flag.str('hostname', 'h', 'Container host name'),
  flag.bool('interactive', 'i', 'Keep STDIN open even if not attached'),
  flag.str('name', undefined, 'Assign a name to the container'),
  flag.list('publish', 'p', "Publish a container's port(s) to the host"),
  flag.bool('rm', undefined, 'Automatically remove the container and its associated anonymous volumes when it exits'),
  flag.bool('tty', 't', 'Allocate a pseudo-TTY'),
  flag.str('user', 'u', 'Username or UID (format: "<name|uid>[:<group|gid>]")'),
  flag.list('volume', 'v', 'Bind mount a volume'),
  flag.str('workdir', 'w', 'Working directory inside the container'),
];

/** Create, pulling a missing image from the bundled set first, as `docker run` does. */
async function createPulling(p: Parsed, ctx: ExecContext, env: Env): Promise<ContainerRecord> {
  try {
    return await createFrom(p, env);
  } catch (e) {
    if (!(e instanceof EngineError && e.code === 'NO_SUCH_IMAGE')) throw e;
    const image = p.args[0];
    const ref = image.includes(':') || image.includes('@') ? image : `${image}:latest`;
    ctx.stderr.write(`Unable to find image '${ref}' locally\n`);
    const pulled = await pullImage(env.api.engine, image);
    ctx.stderr.write(pulled.lines.map((l) => l + '\n').join(''));
    return createFrom(p, env);
  }
}

async function createFrom(p: Parsed, env: Env): Promise<ContainerRecord> {
  const [image, ...cmd] = p.args;
  const entrypoint = getStr(p, 'entrypoint');
  return env.api.create({
    image, cmd: cmd.length ? cmd : undefined, entrypoint: entrypoint !== undefined ? (entrypoint ? [entrypoint] : []) : undefined,
    name: getStr(p, 'name'), env: getList(p, 'env'), workdir: getStr(p, 'workdir'), user: getStr(p, 'user'), hostname: getStr(p, 'hostname'),
    volumes: getList(p, 'volume'), ports: getList(p, 'publish'), autoRemove: getBool(p, 'rm'), tty: getBool(p, 'tty'), interactive: getBool(p, 'interactive'),
  });
}

/** docker run/create errors: "Unable to find image" and the pull failure for unknown images. */
function createError(ctx: ExecContext, e: unknown): number {
  if (e instanceof EngineError) {
    ctx.stderr.write(`docker: Error response from daemon: ${e.message}.\n\nRun 'docker run --help' for more information\n`);
    return 125;
  }
  throw e;
}

export const create: Subcommand = {
  usage: 'docker create [OPTIONS] IMAGE [COMMAND] [ARG...]',
  description: 'Create a new container',
  flags: runFlags.filter((f) => f.name !== 'detach'),
  args: { min: 1 },
  stopAtFirstArg: true,
  failStatus: 125,
  async run(p, ctx, env) {
    try {
      print(ctx, `${(await createPulling(p, ctx, env)).id}\n`);
      return 0;
    } catch (e) {
      return createError(ctx, e);
    }
  },
};

export const run: Subcommand = {
  usage: 'docker run [OPTIONS] IMAGE [COMMAND] [ARG...]',
  description: 'Create and run a new container from an image',
  flags: runFlags,
  args: { min: 1 },
  stopAtFirstArg: true,
  failStatus: 125,
  async run(p, ctx, env) {
    let c: ContainerRecord;
    try {
      c = await createPulling(p, ctx, env);
      c = await env.api.start(c.id);
    } catch (e) {
      return createError(ctx, e);
    }
    if (getBool(p, 'detach')) {
      print(ctx, `${c.id}\n`);
      return 0;
    }
    if (!env.session) {
      ctx.stderr.write('docker: this shell cannot attach to a container; use -d\n');
      return 125;
    }
    const argv = [c.path, ...c.args];
    let code: number;
    try {
      code = await env.session.enterContainer(c.id, argv, { interactive: getBool(p, 'interactive') && getBool(p, 'tty') });
    } catch (e) {
      if (e instanceof EngineError && e.code === 'INVALID_ARGUMENT') {
        await env.api.engine.store.meta.write([{ op: 'put', table: 'containers', value: { ...c, state: 'created' } }]);
        ctx.stderr.write(`docker: Error response from daemon: failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: ${e.message}: unknown.\n\nRun 'docker run --help' for more information\n`);
        return 127;
      }
      throw e;
    }
    await env.api.die(c.id, code);
    if (c.autoRemove) await env.api.rm(c.id, { force: true, volumes: true });
    return code;
  },
};

function lifecycle(verb: 'start' | 'stop' | 'restart' | 'pause' | 'unpause', description: string): Subcommand {
  return {
    usage: `docker ${verb} [OPTIONS] CONTAINER [CONTAINER...]`,
    description,
    flags: [],
    args: { min: 1 },
    async run(p, ctx, env) {
      let status = 0;
      for (const ref of p.args) {
        try {
          await env.api.setState(ref, verb);
          print(ctx, `${ref}\n`);
        } catch (e) {
          status = daemonError(ctx, e);
        }
      }
      return status;
    },
  };
}
export const start = lifecycle('start', 'Start one or more stopped containers');
export const stop = lifecycle('stop', 'Stop one or more running containers');
export const restart = lifecycle('restart', 'Restart one or more containers');
export const pause = lifecycle('pause', 'Pause all processes within one or more containers');
export const unpause = lifecycle('unpause', 'Unpause all processes within one or more containers');

export const rm: Subcommand = {
  usage: 'docker rm [OPTIONS] CONTAINER [CONTAINER...]',
  description: 'Remove one or more containers',
  flags: [flag.bool('force', 'f', 'Force the removal of a running container (uses SIGKILL)'), flag.bool('volumes', 'v', 'Remove anonymous volumes associated with the container')],
  args: { min: 1 },
  async run(p, ctx, env) {
    let status = 0;
    for (const ref of p.args) {
      try {
        await env.api.rm(ref, { force: getBool(p, 'force'), volumes: getBool(p, 'volumes') });
        print(ctx, `${ref}\n`);
      } catch (e) {
        status = daemonError(ctx, e);
      }
    }
    return status;
  },
};

export const ps: Subcommand = {
  usage: 'docker ps [OPTIONS]',
  description: 'List containers',
  flags: [flag.bool('all', 'a', 'Show all containers (default shows just running)'), flag.bool('no-trunc', undefined, "Don't truncate output"), flag.bool('quiet', 'q', 'Only display container IDs')],
  args: { max: 0 },
  async run(p, ctx, env) {
    const now = env.now();
    const list = (await env.api.containers()).filter((c) => getBool(p, 'all') || c.state === 'running' || c.state === 'paused');
    const noTrunc = getBool(p, 'no-trunc');
    const id = (c: ContainerRecord) => (noTrunc ? c.id : shortId(c.id));
    if (getBool(p, 'quiet')) {
      print(ctx, list.map((c) => id(c) + '\n').join(''));
      return 0;
    }
    const ports = (c: ContainerRecord) => (c.state === 'running' || c.state === 'paused' ? c.ports.map((x) => `${x.hostIp}:${x.hostPort}->${x.containerPort}/${x.protocol}`).join(', ') : '');
    print(ctx, formatTable(['CONTAINER ID', 'IMAGE', 'COMMAND', 'CREATED', 'STATUS', 'PORTS', 'NAMES'], list.map((c) => [
      id(c), c.imageRef, psCommandColumn(psCommand(c.path, c.args), !noTrunc), createdAgo(c.created, now),
      containerStatus(c.state, c.exitCode, c.startedAt, c.finishedAt, now), ports(c), c.name,
    ])));
    return 0;
  },
};

export const exec: Subcommand = {
  usage: 'docker exec [OPTIONS] CONTAINER COMMAND [ARG...]',
  description: 'Execute a command in a running container',
  flags: [flag.list('env', 'e', 'Set environment variables'), flag.bool('interactive', 'i', 'Keep STDIN open even if not attached'), flag.bool('tty', 't', 'Allocate a pseudo-TTY'), flag.str('user', 'u', 'Username or UID'), flag.str('workdir', 'w', 'Working directory inside the container'), flag.bool('detach', 'd', 'Detached mode: run command in the background')],
  args: { min: 2 },
  stopAtFirstArg: false,
  async run(p, ctx, env) {
    const [ref, ...argv] = p.args;
    let c: ContainerRecord;
    try {
      c = await env.api.inspectContainer(ref);
    } catch (e) {
      return daemonError(ctx, e);
    }
    if (c.state !== 'running') {
      ctx.stderr.write(`Error response from daemon: container ${c.id} is not running\n`);
      return 1;
    }
    if (!env.session) return 1;
    try {
      return await env.session.enterContainer(c.id, argv, { workdir: getStr(p, 'workdir'), env: getList(p, 'env'), interactive: getBool(p, 'interactive') && getBool(p, 'tty') });
    } catch (e) {
      if (e instanceof EngineError && e.code === 'INVALID_ARGUMENT') {
        ctx.stderr.write(`OCI runtime exec failed: exec failed: unable to start container process: ${e.message}: unknown\n`);
        return 126;
      }
      throw e;
    }
  },
};

export const diff: Subcommand = {
  usage: 'docker diff CONTAINER',
  description: "Inspect changes to files or directories on a container's filesystem",
  flags: [],
  args: { exactly: 1 },
  async run(p, ctx, env) {
    try {
      print(ctx, renderDiff(await env.api.diff(p.args[0])));
      return 0;
    } catch (e) {
      return daemonError(ctx, e);
    }
  },
};

export const commit: Subcommand = {
  usage: 'docker commit [OPTIONS] CONTAINER [REPOSITORY[:TAG]]',
  description: "Create a new image from a container's changes",
  flags: [flag.str('author', 'a', 'Author (e.g., "John Hannibal Smith <hannibal@a-team.com>")'), flag.list('change', 'c', 'Apply Dockerfile instruction to the created image'), flag.str('message', 'm', 'Commit message'), flag.str('pause', 'p', 'Pause container during commit (default true)', 'bool')],
  args: { min: 1, max: 2 },
  async run(p, ctx, env) {
    try {
      const img = await env.api.commit(p.args[0], { reference: p.args[1], author: getStr(p, 'author'), message: getStr(p, 'message'), changes: getList(p, 'change'), pause: getStr(p, 'pause') !== 'false' });
      print(ctx, `${img.id}\n`);
      return 0;
    } catch (e) {
      return daemonError(ctx, e);
    }
  },
};

export const logs: Subcommand = {
  usage: 'docker logs [OPTIONS] CONTAINER',
  description: 'Fetch the logs of a container',
  flags: [],
  args: { exactly: 1 },
  async run(p, ctx, env) {
    try {
      const c = await env.api.inspectContainer(p.args[0]);
      const text = typeof c.extra?.logs === 'string' ? c.extra.logs : '';
      print(ctx, text);
      return 0;
    } catch (e) {
      return daemonError(ctx, e);
    }
  },
};

export const pull: Subcommand = {
  usage: 'docker pull [OPTIONS] NAME[:TAG|@DIGEST]',
  description: 'Download an image from a registry (here: the bundled, offline set)',
  flags: [flag.bool('quiet', 'q', 'Suppress verbose output')],
  args: { exactly: 1 },
  async run(p, ctx, env) {
    const ref = p.args[0];
    try {
      if (!/[:@]/.test(ref.split('/').pop()!) && !getBool(p, 'quiet')) print(ctx, 'Using default tag: latest\n');
      const r = await pullImage(env.api.engine, ref);
      const full = normalize(/[:@]/.test(ref.split('/').pop()!) ? ref : `${ref}:latest`);
      print(ctx, (getBool(p, 'quiet') ? '' : r.lines.map((l) => l + '\n').join('')) + `${full}\n`);
      return 0;
    } catch (e) {
      return daemonError(ctx, e);
    }
  },
};
