/**
 * Typed engine errors. Every error that crosses a boundary (worker postMessage,
 * shell command, UI) is an EngineError with a stable `code` and plain-data `data`,
 * so it survives structured clone and tests can assert on `code`.
 */
export type ErrorCode =
  // filesystem (errno-style, what the shell turns into GNU messages)
  | 'ENOENT' | 'EEXIST' | 'ENOTDIR' | 'EISDIR' | 'ENOTEMPTY' | 'EACCES' | 'EPERM'
  | 'ELOOP' | 'EINVAL' | 'EXDEV' | 'EBUSY' | 'EROFS' | 'EBADF' | 'ENAMETOOLONG'
  // storage
  | 'BLOB_NOT_FOUND' | 'QUOTA_EXCEEDED' | 'STORE_CLOSED' | 'STORE_SCHEMA'
  // content
  | 'DIGEST_MISMATCH' | 'BAD_TAR' | 'BAD_GZIP' | 'GZIP_BOMB' | 'UNSAFE_PATH' | 'BAD_ARCHIVE'
  | 'BAD_CONFIG'
  // images and containers
  | 'NO_SUCH_IMAGE' | 'NO_SUCH_CONTAINER' | 'NO_SUCH_VOLUME' | 'IMAGE_CONFLICT' | 'CONTAINER_CONFLICT'
  | 'NAME_CONFLICT' | 'CONTAINER_RUNNING' | 'CONTAINER_NOT_RUNNING' | 'CONTAINER_PAUSED' | 'VOLUME_IN_USE'
  | 'MAX_DEPTH' | 'INVALID_REFERENCE' | 'INVALID_CHANGE' | 'INVALID_ARGUMENT'
  | 'CANCELLED' | 'INTERNAL'
  | 'DOCKERFILE_PARSE';

export class EngineError extends Error {
  readonly code: ErrorCode;
  readonly data: Record<string, unknown>;
  constructor(code: ErrorCode, message: string, data: Record<string, unknown> = {}) {
    super(message);
    this.name = 'EngineError';
    this.code = code;
    this.data = data;
  }
  toJSON(): SerializedError {
    return { __engineError: true, code: this.code, message: this.message, data: this.data };
  }
}

export interface SerializedError {
  __engineError: true;
  code: ErrorCode;
  message: string;
  data: Record<string, unknown>;
}

/** Turn any thrown value into something postMessage can carry. */
export function serializeError(err: unknown): SerializedError {
  if (err instanceof EngineError) return err.toJSON();
  const message = err instanceof Error ? err.message : String(err);
  return { __engineError: true, code: 'INTERNAL', message, data: {} };
}

/** Rebuild an EngineError on the receiving side of postMessage. */
export function reviveError(s: SerializedError): EngineError {
  return new EngineError(s.code, s.message, s.data);
}

export function isSerializedError(v: unknown): v is SerializedError {
  return typeof v === 'object' && v !== null && (v as SerializedError).__engineError === true;
}

/** Filesystem error with errno-like code, path and syscall, as Node's fs errors carry. */
export function fsError(code: ErrorCode, syscall: string, path: string, extra = ''): EngineError {
  const text: Record<string, string> = {
    ENOENT: 'no such file or directory', EEXIST: 'file already exists', ENOTDIR: 'not a directory',
    EISDIR: 'illegal operation on a directory', ENOTEMPTY: 'directory not empty', EACCES: 'permission denied',
    EPERM: 'operation not permitted', ELOOP: 'too many symbolic links encountered', EINVAL: 'invalid argument',
    EXDEV: 'cross-device link not permitted', EBUSY: 'resource busy or locked', EROFS: 'read-only file system',
  };
  const msg = `${code}: ${text[code] ?? code}, ${syscall} '${path}'${extra ? ' ' + extra : ''}`;
  return new EngineError(code, msg, { syscall, path });
}
