/**
 * Which commands exist where. On the host every command is built in; inside a
 * container a command runs only when the image has it on PATH as an applet file.
 */
import type { Command } from './types';
import { docker } from './docker';
import { curl } from './curl';
import { edit } from './edit';
import { aptGet } from './apt';
import { coreutils } from './core';

const clear: Command = async (_ctx, env) => {
  env.session?.clearScreen();
  return 0;
};

const history: Command = async (ctx, env) => {
  const lines = env.session?.history() ?? [];
  ctx.stdout.write(lines.map((l, i) => `${String(i + 1).padStart(5)}  ${l}\n`).join(''));
  return 0;
};

const shared: Record<string, Command> = { ...coreutils, clear, history, edit, vi: edit, vim: edit, nano: edit };

export const hostCommands: Record<string, Command> = { ...shared, docker, curl };

export const containerApplets: Record<string, Command> = { ...shared, 'apt-get': aptGet, curl };
