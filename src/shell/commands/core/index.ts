/** The toy coreutils: what images ship as applets, and what the host has built in. */
import type { Command } from '../types';
import { cat, chmod, chown, cp, ln, ls, mkdir, mv, rm, rmdir, stat, touch } from './files';
import { basename, date, df, dirname, du, envCmd, find, hostname, id, sha256sum, sleep, tree, uname, which, whoami } from './system';
import { cut, grep, head, seq, sort, tail, tr, uniq, wc } from './text';

export const coreutils: Record<string, Command> = {
  basename, cat, chmod, chown, cp, cut, date, df, dirname, du, env: envCmd, find, grep, head, hostname, id, ln, ls, mkdir, mv, rm, rmdir,
  seq, sha256sum, sleep, sort, stat, tail, touch, tr, tree, uname, uniq, wc, which, whoami,
};
