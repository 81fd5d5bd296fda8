/** inspect and version. */
import { EngineError } from '../../../engine/errors';
import { daemonError, flag, getStr, print, type Subcommand } from './common';
import type { CommandEnv } from '../types';
import type { LayerlabApi } from '../../../engine/api';

async function inspectOne(ref: string, env: CommandEnv & { api: LayerlabApi }): Promise<Record<string, unknown>> {
  try {
    const c = await env.api.inspectContainer(ref);
    return {
      Id: c.id, Created: c.created, Path: c.path, Args: c.args,
      State: { Status: c.state, Running: c.state === 'running', Paused: c.state === 'paused', ExitCode: c.exitCode, StartedAt: c.startedAt ?? '0001-01-01T00:00:00Z', FinishedAt: c.finishedAt ?? '0001-01-01T00:00:00Z' },
      Image: c.image, Name: `/${c.name}`,
      Mounts: c.mounts.filter((m) => m.type === 'volume').map((m) => ({ Type: 'volume', Name: m.source, Destination: m.destination, Driver: 'local', RW: !m.readOnly })),
      Config: { Hostname: c.hostname, ...c.config, Image: c.imageRef },
    };
  } catch (e) {
    if (!(e instanceof EngineError) || e.code !== 'NO_SUCH_CONTAINER') throw e;
  }
  const img = await env.api.engine.resolveImage(ref);
  const { config } = await env.api.engine.configOf(img);
  const tags = (await env.api.engine.tagsByImage()).get(img.id) ?? [];
  return {
    Id: img.id, RepoTags: tags, RepoDigests: img.repoDigests ?? [], Parent: img.parent ?? '', Comment: config.comment ?? '', Created: img.created,
    Author: config.author ?? '', Config: config.config ?? {}, Architecture: config.architecture, Os: config.os, Size: img.size,
    RootFS: { Type: 'layers', Layers: img.layers },
  };
}

/** The common Go-template forms: {{.A.B}}, {{json .A}}, {{index .A 0}}. */
export function goTemplate(tpl: string, data: unknown): string {
  const get = (path: string) => path.split('.').filter(Boolean).reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), data);
  const goValue = (v: unknown): string => (v === undefined || v === null ? '<no value>' : Array.isArray(v) ? `[${v.map(goValue).join(' ')}]` : typeof v === 'object' ? `map[${Object.entries(v).map(([k, x]) => `${k}:${goValue(x)}`).join(' ')}]` : String(v));
  return tpl.replace(/\{\{\s*(.*?)\s*\}\}/g, (_m, expr: string) => {
    let m = /^json\s+(\S+)$/.exec(expr);
    if (m) return JSON.stringify(get(m[1]) ?? null);
    m = /^index\s+(\S+)\s+(\d+)$/.exec(expr);
    if (m) return goValue((get(m[1]) as unknown[] | undefined)?.[Number(m[2])]);
    if (expr.startsWith('.')) return goValue(get(expr));
    throw new EngineError('INVALID_ARGUMENT', `template: :1: function "${expr.split(/\s/)[0]}" not defined`);
  });
}

export const inspect: Subcommand = {
  usage: 'docker inspect [OPTIONS] NAME|ID [NAME|ID...]',
  description: 'Return low-level information on Docker objects',
  flags: [flag.str('format', 'f', 'Format output using a custom template')],
  args: { min: 1 },
  async run(p, ctx, env) {
    const out: Record<string, unknown>[] = [];
    let status = 0;
    for (const ref of p.args) {
      try {
        out.push(await inspectOne(ref, env));
      } catch (e) {
        if (e instanceof EngineError && e.code === 'NO_SUCH_IMAGE') {
          ctx.stderr.write(`Error: No such object: ${ref}\n`);
          status = 1;
        } else status = daemonError(ctx, e);
      }
    }
    const format = getStr(p, 'format');
    try {
      if (format) print(ctx, out.map((o) => goTemplate(format, o) + '\n').join(''));
      else if (out.length > 0 || status === 0) print(ctx, JSON.stringify(out, null, 4) + '\n');
    } catch (e) {
      return daemonError(ctx, e);
    }
    return status;
  },
};

export const version: Subcommand = {
  usage: 'docker version [OPTIONS]',
  description: 'Show the Docker version information',
  flags: [],
  args: { max: 0 },
  async run(_p, ctx) {
    print(ctx, 'Client:\n Version:           layerlab (a playground, not Docker)\n API version:       1.47 (emulated)\n OS/Arch:           browser/wasm-free JavaScript\n\nServer: Layerlab engine\n Engine:\n  Version:          layerlab\n  Storage Driver:   union FS over IndexedDB\n');
    return 0;
  },
};
