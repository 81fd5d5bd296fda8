/**
 * What the interpreter needs from the outside world, swappable like mvdan/sh's
 * handlers: the same runner drives the host terminal (Layerlab's own commands)
 * and a container's shell (its image's file system and binaries).
 */

/**
 * Where a command writes. `write` never blocks; a producer that can write
 * without end (`yes`, `cat` of a large file) awaits `drain()` between chunks,
 * which throttles it to its reader and lets the event loop run.
 */
export interface OutputStream {
  write(data: string | Uint8Array): void;
  /** Resolves when the reader has caught up, or at once when there is no reader left. */
  drain(): Promise<void>;
}

/** An output that must be closed to finish (a file being written). */
export interface WritableFile extends OutputStream {
  close(): Promise<void>;
}

/**
 * Where a command reads. Bytes come in chunks of any size; `unread` puts back
 * what a reader took but did not consume (`read` takes one line, `head -n1`
 * one line), so the next command on the same input sees it.
 */
export interface InputStream {
  /** The next chunk, or null at end of input. */
  read(): Promise<Uint8Array | null>;
  /** Everything up to end of input. */
  readAll(): Promise<Uint8Array>;
  unread(chunk: Uint8Array): void;
  /** The reader is done: a pipe's writer sees a broken pipe. */
  close(): void;
}

export interface ExecContext {
  /** args[0] is the command name as typed. */
  args: string[];
  /** The exported environment of this command (including `FOO=1 cmd` assignments). */
  env: Map<string, string>;
  cwd: string;
  stdin: InputStream;
  stdout: OutputStream;
  stderr: OutputStream;
  /**
   * Aborted on Ctrl-C (reason 'SIGINT') or when this command's stdout pipe lost
   * its reader (reason 'SIGPIPE'). Long-running commands watch it.
   */
  signal: AbortSignal;
  /**
   * Runs `sh`/`bash` argv (`['sh', '-c', 'echo hi']`, `['bash', 'script.sh', 'a']`)
   * in a child interpreter with these handlers, this context's env, cwd and
   * streams. Exec handlers call it when sh/bash exist where PATH leads, and for
   * scripts with a `#!/bin/sh` line.
   */
  shell(argv: string[]): Promise<number>;
}

/**
 * Why an external command could not start (the errno of a failed execve).
 * The interpreter prints bash's message: `bash: foo: command not found` (127),
 * `bash: ./x: No such file or directory` (127), `bash: ./x: Permission denied` (126),
 * `bash: ./d: Is a directory` (126), `bash: ./b: cannot execute binary file: Exec format error` (126).
 */
export type ExecFailure = 'ENOENT' | 'EACCES' | 'EISDIR' | 'ENOEXEC';

/**
 * Runs an external command: resolves args[0] through PATH itself and returns
 * the exit status, or an ExecFailure to let the interpreter report it.
 * Thrown errors are reported as `bash: name: message` with status 1.
 */
export type ExecHandler = (ctx: ExecContext) => Promise<number | ExecFailure>;

export interface FileStat {
  isDir: boolean;
  isFile: boolean;
  isSymlink: boolean;
  size: number;
  /** Permission bits (0o7777). */
  mode: number;
  uid?: number;
  gid?: number;
  mtime?: number;
}

/**
 * File access for redirections, `cd`, `test`, globbing, `source` and PATH
 * lookups. Paths are absolute and normalised. Failures throw EngineError with
 * an errno code (ENOENT, EISDIR, EACCES, ENOTDIR…), which the interpreter
 * prints as `bash: <path>: No such file or directory`.
 */
export interface FileHandlers {
  open(path: string, mode: 'r'): Promise<InputStream>;
  open(path: string, mode: 'w' | 'a'): Promise<WritableFile>;
  /** null when nothing is there. Follows symlinks unless `followSymlinks` is false. */
  stat(path: string, opts?: { followSymlinks?: boolean }): Promise<FileStat | null>;
  /** Names in a directory (no `.`/`..`). Throws when it is not a readable directory. */
  readdir(path: string): Promise<string[]>;
}

/**
 * Where PATH leads for `type`, `command -v` and `hash`: the absolute path of
 * the command or null. Optional; the runner otherwise searches PATH with
 * `stat` for an executable regular file.
 */
export type LookPathHandler = (name: string, env: Map<string, string>, cwd: string) => Promise<string | null>;
