/** `docker volume ls/create/rm/inspect` and `docker build` (which says plainly it is not here yet). */
import { formatTable } from '../../../engine/format/table';
import { daemonError, flag, getBool, print, type Subcommand } from './common';
import { EngineError } from '../../../engine/errors';
import type { MetaOp } from '../../../engine/store/types';

export const volume: Subcommand = {
  usage: 'docker volume COMMAND',
  description: 'Manage volumes',
  flags: [flag.bool('quiet', 'q', 'Only display volume names'), flag.bool('force', 'f', 'Force the removal of one or more volumes')],
  args: { min: 1 },
  async run(p, ctx, env) {
    const [cmd, ...names] = p.args;
    const meta = env.api.engine.store.meta;
    const volumes = await meta.all('volumes');
    switch (cmd) {
      case 'ls':
      case 'list':
        if (getBool(p, 'quiet')) print(ctx, volumes.map((v) => v.name + '\n').join(''));
        else print(ctx, formatTable(['DRIVER', 'VOLUME NAME'], volumes.map((v) => [v.driver, v.name])));
        return 0;
      case 'create': {
        const name = names[0] ?? [...env.api.engine.env.randomBytes(32)].map((b) => b.toString(16).padStart(2, '0')).join('');
        if (!volumes.some((v) => v.name === name)) await meta.write([{ op: 'put', table: 'volumes', value: { name, driver: 'local', created: env.now().toISOString(), anonymous: false } }]);
        print(ctx, name + '\n');
        return 0;
      }
      case 'inspect': {
        const found = names.map((n) => volumes.find((v) => v.name === n));
        const missing = names.filter((_, i) => !found[i]);
        const out = found.filter(Boolean).map((v) => ({ CreatedAt: v!.created, Driver: 'local', Labels: v!.labels ?? null, Mountpoint: `/var/lib/docker/volumes/${v!.name}/_data`, Name: v!.name, Options: null, Scope: 'local' }));
        print(ctx, JSON.stringify(out, null, 4) + '\n');
        for (const m of missing) ctx.stderr.write(`Error response from daemon: get ${m}: no such volume\n`);
        return missing.length ? 1 : 0;
      }
      case 'rm':
      case 'remove': {
        let status = 0;
        const containers = await env.api.containers();
        for (const n of names) {
          try {
            if (!volumes.some((v) => v.name === n)) throw new EngineError('NO_SUCH_VOLUME', `get ${n}: no such volume`);
            const user = containers.find((c) => c.mounts.some((m) => m.type === 'volume' && m.source === n));
            if (user) throw new EngineError('VOLUME_IN_USE', `remove ${n}: volume is in use - [${user.id}]`);
            const ops: MetaOp[] = [{ op: 'delete', table: 'volumes', key: n }, { op: 'deleteOwner', owner: `volume:${n}` }];
            await meta.write(ops);
            env.api.engine.mountTrees.delete(`volume:${n}`);
            print(ctx, n + '\n');
          } catch (e) {
            status = daemonError(ctx, e);
          }
        }
        return status;
      }
      default:
        ctx.stderr.write(`docker: 'volume ${cmd}' is not a docker command.\nSee 'docker volume --help'\n`);
        return 1;
    }
  },
};

export const build: Subcommand = {
  usage: 'docker build [OPTIONS] PATH | URL | -',
  description: 'Build an image from a Dockerfile',
  flags: [flag.str('tag', 't', 'Name and optionally a tag'), flag.bool('no-cache', undefined, 'Do not use cache when building the image'), flag.str('file', 'f', 'Name of the Dockerfile')],
  args: { exactly: 1 },
  async run(_p, ctx) {
    ctx.stderr.write('docker build: the Dockerfile builder is not in this version of Layerlab yet. Build images step by step with docker run and docker commit, which is what the classic builder does for each instruction.\n');
    return 1;
  },
};
