/**
 * FileHandlers (redirections, cd, test, globs, PATH lookup) over a location's
 * ZenFS fs, so the interpreter and the commands see the same filesystem.
 */
import { EngineError, type ErrorCode } from '../engine/errors';
import type { FileHandlers, FileStat, InputStream, WritableFile } from './interp/handlers';
import { stringInput, toBytes, concatBytes } from './interp/streams';
import type { FsApi } from './commands/types';

function rethrow(e: unknown): never {
  const code = (e as { code?: string }).code;
  if (code && /^E[A-Z]+$/.test(code)) throw new EngineError(code as ErrorCode, (e as Error).message, { path: (e as { path?: string }).path });
  throw e;
}

export function fileHandlers(fs: FsApi): FileHandlers {
  async function open(path: string, mode: 'r'): Promise<InputStream>;
  async function open(path: string, mode: 'w' | 'a'): Promise<WritableFile>;
  async function open(path: string, mode: 'r' | 'w' | 'a'): Promise<InputStream | WritableFile> {
    try {
      if (mode === 'r') return stringInput(new Uint8Array(fs.readFileSync(path)));
      if (mode === 'w') fs.writeFileSync(path, new Uint8Array(0));
      else if (!fs.existsSync(path)) fs.writeFileSync(path, new Uint8Array(0));
      else if (fs.statSync(path).isDirectory()) throw Object.assign(new Error(`EISDIR: illegal operation on a directory, open '${path}'`), { code: 'EISDIR', path });
    } catch (e) {
      rethrow(e);
    }
    // Buffer writes and append them in batches: one union-FS write per drain or close.
    let pending: Uint8Array[] = [];
    const flush = () => {
      if (pending.length === 0) return;
      const data = concatBytes(pending);
      pending = [];
      fs.appendFileSync(path, data);
    };
    return {
      write(data) {
        pending.push(toBytes(data));
      },
      async drain() {
        flush();
      },
      async close() {
        flush();
      },
    };
  }
  return {
    open,
    async stat(path, opts): Promise<FileStat | null> {
      try {
        const st = opts?.followSymlinks === false ? fs.lstatSync(path) : fs.statSync(path);
        return {
          isDir: st.isDirectory(), isFile: st.isFile(), isSymlink: st.isSymbolicLink(), size: Number(st.size),
          mode: Number(st.mode) & 0o7777, uid: Number(st.uid), gid: Number(st.gid), mtime: Math.floor(Number(st.mtimeMs) / 1000),
        };
      } catch (e) {
        const code = (e as { code?: string }).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') return null;
        rethrow(e);
      }
    },
    async readdir(path) {
      try {
        return fs.readdirSync(path).map(String).sort();
      } catch (e) {
        rethrow(e);
      }
    },
  };
}
