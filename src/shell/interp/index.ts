/**
 * The shell interpreter: a runner over swappable handlers. Commands other
 * than the language's builtins reach the ExecHandler.
 */
export { createRunner, type Runner, type RunnerOptions, type RunIO } from './runner';
export { runShellArgs, type ShellInvocation } from './child';
export type {
  ExecContext, ExecHandler, ExecFailure, FileHandlers, FileStat, InputStream, OutputStream, WritableFile, LookPathHandler,
} from './handlers';
export {
  PullInput, BufferOutput, createPipe, stringInput, emptyInput, nullOutput, readLine, raceAbort,
  toBytes, bytesToString, concatBytes, type PipeWriter,
} from './streams';
export { resolvePath, normalizePath } from './path';
export { errorText } from './messages';
export type { ShellOptions } from './state';
