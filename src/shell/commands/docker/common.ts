/** What every docker subcommand shares: its declaration and how errors print. */
import { EngineError } from '../../../engine/errors';
import type { ExecContext } from '../../interp/handlers';
import type { CommandEnv } from '../types';
import type { LayerlabApi } from '../../../engine/api';
import type { FlagSpec, Parsed } from './flags';

export interface Subcommand {
  usage: string;
  description: string;
  flags: FlagSpec[];
  /** Exact or minimum positional arguments, as docker's cobra checks them. */
  args?: { exactly?: number; min?: number; max?: number };
  /** `docker run` options end at the image name. */
  stopAtFirstArg?: boolean;
  /** docker run/create exit 125 on their own errors. */
  failStatus?: number;
  run(p: Parsed, ctx: ExecContext, env: CommandEnv & { api: LayerlabApi }): Promise<number>;
}

export const print = (ctx: ExecContext, text: string) => ctx.stdout.write(text);

/** Daemon-side failures print as docker does: "Error response from daemon: ..." */
export function daemonError(ctx: ExecContext, e: unknown, prefix = ''): number {
  if (e instanceof EngineError) {
    ctx.stderr.write(`${prefix}Error response from daemon: ${e.message}\n`);
    return 1;
  }
  throw e;
}

export const flag = {
  bool: (name: string, short: string | undefined, help: string): FlagSpec => ({ name, short, kind: 'bool', help }),
  str: (name: string, short: string | undefined, help: string, value = 'string'): FlagSpec => ({ name, short, kind: 'string', help, value }),
  list: (name: string, short: string | undefined, help: string, value = 'list'): FlagSpec => ({ name, short, kind: 'list', help, value }),
};

export function getBool(p: Parsed, name: string): boolean {
  return p.flags.get(name) === true;
}
export function getStr(p: Parsed, name: string): string | undefined {
  const v = p.flags.get(name);
  return typeof v === 'string' ? v : undefined;
}
export function getList(p: Parsed, name: string): string[] {
  const v = p.flags.get(name);
  return Array.isArray(v) ? v : [];
}
