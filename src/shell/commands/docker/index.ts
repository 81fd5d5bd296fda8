/**
 * `docker`: dispatch to subcommands with docker's argument checks, `--help` and
 * error shapes. Subcommands live beside this file, grouped by what they act on.
 */
import type { Command } from '../types';
import { archives } from './registry-archives';
import { FlagError, helpText, parseFlags } from './flags';
import type { Subcommand } from './common';
import { commit, create, diff, exec, logs, pause, ps, pull, restart, rm, run, start, stop, unpause } from './containers';
import { history, images, rmi, tag } from './images';
import { inspect, version } from './info';
import { build, volume } from './volumes';

export const SUBCOMMANDS: Record<string, Subcommand> = {
  commit, create, diff, exec, history, images, inspect, logs, pause, ps, pull, restart, rm, rmi, run, start, stop, tag, unpause, version, volume, build, ...archives,
};

/** `docker image ls`, `docker container ls`...: the management-command spellings. */
const MANAGEMENT: Record<string, Record<string, string>> = {
  image: { pull: 'pull', ls: 'images', list: 'images', history: 'history', rm: 'rmi', tag: 'tag', inspect: 'inspect', save: 'save', load: 'load', import: 'import' },
  container: { ls: 'ps', list: 'ps', run: 'run', create: 'create', start: 'start', stop: 'stop', restart: 'restart', rm: 'rm', exec: 'exec', diff: 'diff', commit: 'commit', logs: 'logs', export: 'export', pause: 'pause', unpause: 'unpause', inspect: 'inspect' },
};

const USAGE = `
Usage:  docker [OPTIONS] COMMAND

A self-sufficient runtime for containers (here: Layerlab's playground engine)

Commands:
${Object.entries(SUBCOMMANDS).sort().map(([n, s]) => `  ${n.padEnd(10)}${s.description}`).join('\n')}

Management Commands:
  container   Manage containers
  image       Manage images

Run 'docker COMMAND --help' for more information on a command.
`;

export const docker: Command = async (ctx, env) => {
  let args = ctx.args.slice(1);
  if (args.length === 0 || args[0] === '--help' || args[0] === '-h' || args[0] === 'help') {
    ctx.stdout.write(USAGE);
    return args.length === 0 ? 0 : 0;
  }
  if (args[0] === '--version' || args[0] === '-v') args = ['version'];
  let name = args[0];
  let shown = name;
  if (MANAGEMENT[name]) {
    const sub = MANAGEMENT[name][args[1]];
    if (!sub) {
      ctx.stderr.write(`docker: '${name} ${args[1] ?? ''}' is not a docker command.\nSee 'docker --help'\n`);
      return 1;
    }
    shown = `${name} ${args[1]}`;
    name = sub;
    args = args.slice(1);
  }
  const sub = SUBCOMMANDS[name];
  if (!sub) {
    ctx.stderr.write(`docker: '${name}' is not a docker command.\nSee 'docker --help'\n`);
    return 1;
  }
  if (!env.api) {
    ctx.stderr.write('docker: not available here: this is a container without a Docker daemon\n');
    return 127;
  }
  const rest = args.slice(1);
  if (rest.includes('--help') && (!sub.stopAtFirstArg || rest.indexOf('--help') < rest.findIndex((a) => !a.startsWith('-')) || rest.every((a) => a.startsWith('-')))) {
    ctx.stdout.write(helpText(sub.usage.replace(`docker ${name}`, `docker ${shown}`), sub.description, sub.flags));
    return 0;
  }
  const fail = sub.failStatus ?? 1;
  let parsed;
  try {
    parsed = parseFlags(rest, sub.flags, { stopAtFirstArg: sub.stopAtFirstArg });
  } catch (e) {
    if (e instanceof FlagError) {
      ctx.stderr.write(`${e.message}\nSee 'docker ${shown} --help'.\n`);
      return fail;
    }
    throw e;
  }
  const n = parsed.args.length;
  const a = sub.args ?? {};
  const bad =
    a.exactly !== undefined ? (n !== a.exactly ? `requires exactly ${a.exactly} argument${a.exactly === 1 ? '' : 's'}` : '')
    : a.min !== undefined && n < a.min ? `requires at least ${a.min} argument${a.min === 1 ? '' : 's'}`
    : a.max !== undefined && n > a.max ? (a.max === 0 ? 'accepts no arguments' : `requires at most ${a.max} argument${a.max === 1 ? '' : 's'}`)
    : '';
  if (bad) {
    ctx.stderr.write(`"docker ${shown}" ${bad}.\nSee 'docker ${shown} --help'.\n\nUsage:  ${sub.usage}\n\n${sub.description}\n`);
    return fail;
  }
  return sub.run(parsed, ctx, { ...env, api: env.api });
};
