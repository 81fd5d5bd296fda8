/** Turning failures into the text bash prints. */
import { EngineError } from '../../engine/errors';

const STRERROR: Record<string, string> = {
  ENOENT: 'No such file or directory',
  EEXIST: 'File exists',
  ENOTDIR: 'Not a directory',
  EISDIR: 'Is a directory',
  ENOTEMPTY: 'Directory not empty',
  EACCES: 'Permission denied',
  EPERM: 'Operation not permitted',
  ELOOP: 'Too many levels of symbolic links',
  EINVAL: 'Invalid argument',
  EXDEV: 'Invalid cross-device link',
  EBUSY: 'Device or resource busy',
  EROFS: 'Read-only file system',
  EBADF: 'Bad file descriptor',
  ENAMETOOLONG: 'File name too long',
  QUOTA_EXCEEDED: 'No space left on device',
};

/** The strerror text of an errno-coded failure, else the error's own message. */
export function errorText(e: unknown): string {
  if (e instanceof EngineError) return STRERROR[e.code] ?? e.message;
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && STRERROR[code]) return STRERROR[code];
  return e instanceof Error ? e.message : String(e);
}
