/**
 * The contract between the shell's exec handler and its commands. A command is
 * one async function in its own module: it gets the interpreter's ExecContext
 * (args, env, cwd, streams, Ctrl-C signal) and a CommandEnv describing where it
 * runs (the host or a container) and returns an exit status. Only internal
 * faults throw; user errors print a GNU/docker-style message and return non-zero.
 */
import type { LayerlabApi } from '../../engine/api';
import type { MetadataOps, ViewContext } from '../../engine/zenfs/backend';
import type { ContainerFS } from '../../engine/union/types';
import type { ExecContext } from '../interp/handlers';

/** Node's fs API over the current location's filesystem (a ZenFS context). */
export type FsApi = ViewContext['fs'];

export interface Location {
  /** 'host' for the learner's machine, or the container's id. */
  kind: 'host' | 'container';
  containerId?: string;
  hostname: string;
  user: { name: string; uid: number; gid: number; home: string };
  /** The filesystem commands see. */
  fs: FsApi;
  /** chmod/chown/utimes that work on directories too (ZenFS quirk). */
  meta: MetadataOps;
  /** The engine's view under it (diff/explorer need it; commands use `fs`). */
  view: ContainerFS;
}

/** What the terminal session offers to commands that change where the shell runs. */
export interface SessionControl {
  /** `docker run -it` / `docker exec -it`: run an interactive shell inside a container until it exits. */
  enterContainer(containerId: string, argv: string[], opts: { workdir?: string; env?: string[]; user?: string; interactive?: boolean }): Promise<number>;
  /** `clear` / Ctrl-L. */
  clearScreen(): void;
  /** `edit FILE`: open a file in the editor pane; false when no editor is available. */
  openEditor?(path: string): boolean;
  /** The typed command history (for `history`). */
  history(): string[];
}

export interface CommandEnv {
  location: Location;
  /** Present where `docker` works (the host). */
  api?: LayerlabApi;
  session?: SessionControl;
  now(): Date;
}

export type Command = (ctx: ExecContext, env: CommandEnv) => Promise<number>;

/** Write text to a stream (commands print strings; streams take bytes or strings). */
export function out(stream: ExecContext['stdout'], text: string): void {
  stream.write(text);
}
