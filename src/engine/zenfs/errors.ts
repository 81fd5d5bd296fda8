/**
 * Translate engine errors into ZenFS errno exceptions.
 *
 * ZenFS (through kerium) throws `Exception` objects (`ErrnoError` is the exported
 * alias) carrying `errno`, `code`, `syscall`, `path` and a Node/libuv-style message
 * ("ENOENT: no such file or directory, open '/x'"). The VFS layer decorates errors
 * thrown by a backend with the caller's path and syscall, so a backend only has to
 * throw an `ErrnoError` with the right errno.
 */
import { ErrnoError } from '@zenfs/core';
import { EngineError } from '../errors';

/** Linux errno numbers (the values kerium's `Errno` enum uses). */
const ERRNO: Record<string, number> = {
  EPERM: 1,
  ENOENT: 2,
  EIO: 5,
  EBADF: 9,
  EACCES: 13,
  EBUSY: 16,
  EEXIST: 17,
  EXDEV: 18,
  ENOTDIR: 20,
  EISDIR: 21,
  EINVAL: 22,
  ENOSPC: 28,
  EROFS: 30,
  ENAMETOOLONG: 36,
  ENOTEMPTY: 39,
  ELOOP: 40,
};

/** Engine codes that are not errno names, mapped to the closest errno. */
const ENGINE_TO_ERRNO: Record<string, string> = {
  QUOTA_EXCEEDED: 'ENOSPC',
  STORE_CLOSED: 'EIO',
  BLOB_NOT_FOUND: 'EIO',
  DIGEST_MISMATCH: 'EIO',
  UNSAFE_PATH: 'EACCES',
  INVALID_ARGUMENT: 'EINVAL',
  CANCELLED: 'EIO',
  INTERNAL: 'EIO',
};

export type ZenfsError = InstanceType<typeof ErrnoError>;

/** The errno name an engine error code stands for (EIO when there is no better one). */
export function errnoCodeOf(code: string): string {
  if (code in ERRNO) return code;
  return ENGINE_TO_ERRNO[code] ?? 'EIO';
}

/** Build a ZenFS errno exception, e.g. `zenfsError('ENOENT', 'stat', '/x')`. */
export function zenfsError(code: string, syscall: string, path: string, message?: string): ZenfsError {
  const name = errnoCodeOf(code);
  const errno = ERRNO[name] ?? ERRNO.EIO;
  const text = message ?? `${name}: ${describe(name)}, ${syscall} '${path}'`;
  const err = new ErrnoError(errno as ConstructorParameters<typeof ErrnoError>[0], text);
  err.syscall = syscall;
  err.path = path;
  return err;
}

/**
 * Turn whatever a UnionView threw into a ZenFS exception. EngineErrors keep their
 * message and are attached as `cause`; ZenFS exceptions pass through; anything else
 * (a bug) is rethrown untouched so it is not disguised as an I/O error.
 */
export function toZenfsError(err: unknown, syscall: string, path: string): unknown {
  if (err instanceof ErrnoError) return err;
  if (err instanceof EngineError) {
    const errPath = typeof err.data.path === 'string' ? err.data.path : path;
    const errSyscall = typeof err.data.syscall === 'string' ? err.data.syscall : syscall;
    const ex = zenfsError(err.code, errSyscall, errPath, err.message);
    (ex as { cause?: unknown }).cause = err;
    return ex;
  }
  return err;
}

function describe(code: string): string {
  const text: Record<string, string> = {
    EPERM: 'operation not permitted', ENOENT: 'no such file or directory', EIO: 'i/o error',
    EBADF: 'bad file descriptor', EACCES: 'permission denied', EBUSY: 'resource busy or locked',
    EEXIST: 'file already exists', EXDEV: 'cross-device link not permitted', ENOTDIR: 'not a directory',
    EISDIR: 'illegal operation on a directory', EINVAL: 'invalid argument', ENOSPC: 'no space left on device',
    EROFS: 'read-only file system', ENAMETOOLONG: 'name too long', ENOTEMPTY: 'directory not empty',
    ELOOP: 'too many symbolic links encountered',
  };
  return text[code] ?? code;
}
