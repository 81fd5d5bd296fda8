import { EngineError, isSerializedError } from '../../engine/errors';

/**
 * Where in the Dockerfile an error is (1-based, inclusive), for Monaco markers.
 *
 * `kind` tells which BuildKit layer the error mirrors:
 *  - 'syntax': parser/parser.go (the message is the bare error, as `docker build` prints it:
 *    "file with no instructions", "ENV must have two arguments", "unterminated heredoc" …)
 *  - 'instruction': instructions/parse.go, which BuildKit wraps as
 *    "dockerfile parse error on line N: <detail>" (unknown instruction, bad flags, arg counts …)
 */
export interface DockerfileErrorData extends Record<string, unknown> {
  startLine: number;
  endLine: number;
  /** The message without the "dockerfile parse error on line N: " prefix. */
  detail: string;
  kind: 'syntax' | 'instruction';
}

export class DockerfileParseError extends EngineError {
  declare readonly data: DockerfileErrorData;
  constructor(message: string, data: DockerfileErrorData) {
    super('DOCKERFILE_PARSE', message, data);
    this.name = 'DockerfileParseError';
  }
}

function clampLines(startLine: number, endLine: number): { startLine: number; endLine: number } {
  const s = Math.max(1, startLine);
  return { startLine: s, endLine: Math.max(s, endLine) };
}

/** A parser-level (parser.go) error: the message is the detail itself. */
export function syntaxError(detail: string, startLine: number, endLine = startLine): DockerfileParseError {
  return new DockerfileParseError(detail, { ...clampLines(startLine, endLine), detail, kind: 'syntax' });
}

/** An instruction-level (instructions/parse.go) error, worded like BuildKit's parseError. */
export function instructionError(detail: string, startLine: number, endLine = startLine): DockerfileParseError {
  const lines = clampLines(startLine, endLine);
  return new DockerfileParseError(`dockerfile parse error on line ${lines.startLine}: ${detail}`, {
    ...lines, detail, kind: 'instruction',
  });
}

/**
 * The message `docker build` (BuildKit) shows for a Dockerfile error, after
 * "ERROR: failed to solve: ". Works on a DockerfileParseError, on an
 * EngineError revived from postMessage, on its serialized form and on anything else.
 */
export function formatParseError(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (isSerializedError(err)) return err.message;
  return String(err);
}

/** Line range of a Dockerfile error (also after a postMessage round trip), or null. */
export function parseErrorLocation(err: unknown): { startLine: number; endLine: number } | null {
  const data = err instanceof EngineError ? err.data : isSerializedError(err) ? err.data : null;
  if (!data || typeof data.startLine !== 'number' || typeof data.endLine !== 'number') return null;
  return { startLine: data.startLine, endLine: data.endLine };
}
