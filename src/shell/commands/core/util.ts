/** Shared helpers of the toy coreutils: paths, GNU-style errors, option parsing. */
import type { ExecContext } from '../../interp/handlers';
import type { FsApi } from '../types';

export function abs(ctx: ExecContext, p: string): string {
  return p.startsWith('/') ? p : `${ctx.cwd === '/' ? '' : ctx.cwd}/${p}`;
}

const REASONS: Record<string, string> = {
  ENOENT: 'No such file or directory', EEXIST: 'File exists', ENOTDIR: 'Not a directory', EISDIR: 'Is a directory',
  ENOTEMPTY: 'Directory not empty', EACCES: 'Permission denied', EPERM: 'Operation not permitted', EBUSY: 'Device or resource busy',
  ELOOP: 'Too many levels of symbolic links', EINVAL: 'Invalid argument', EXDEV: 'Invalid cross-device link',
};

export function reason(e: unknown): string {
  const code = (e as { code?: string }).code ?? '';
  return REASONS[code] ?? (e as Error).message;
}

/** Split `-abc` style flags from operands (`--` ends options). */
export function opts(args: string[], withValue: string[] = []): { flags: Set<string>; values: Map<string, string>; operands: string[] } {
  const flags = new Set<string>();
  const values = new Map<string, string>();
  const operands: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('--') && a.length > 2) {
      const [k, v] = a.slice(2).split('=');
      if (v !== undefined) values.set(k, v);
      else flags.add(k);
    } else if (a.startsWith('-') && a.length > 1 && !/^-\d/.test(a)) {
      for (let k = 1; k < a.length; k++) {
        const f = a[k];
        if (withValue.includes(f)) {
          values.set(f, a.slice(k + 1) || args[++i] || '');
          break;
        }
        flags.add(f);
      }
    } else operands.push(a);
  }
  return { flags, values, operands };
}

export async function readInputs(ctx: ExecContext, fs: FsApi, files: string[], name: string): Promise<{ chunks: Uint8Array[]; status: number }> {
  if (files.length === 0) return { chunks: [await ctx.stdin.readAll()], status: 0 };
  const chunks: Uint8Array[] = [];
  let status = 0;
  for (const f of files) {
    if (f === '-') {
      chunks.push(await ctx.stdin.readAll());
      continue;
    }
    try {
      chunks.push(new Uint8Array(fs.readFileSync(abs(ctx, f))));
    } catch (e) {
      ctx.stderr.write(`${name}: ${f}: ${reason(e)}\n`);
      status = 1;
    }
  }
  return { chunks, status };
}

export const text = (b: Uint8Array) => new TextDecoder().decode(b);

export function modeString(mode: number, type: 'file' | 'dir' | 'symlink'): string {
  const t = type === 'dir' ? 'd' : type === 'symlink' ? 'l' : '-';
  const rwx = (m: number, s: boolean, sc: string) => `${m & 4 ? 'r' : '-'}${m & 2 ? 'w' : '-'}${s ? (m & 1 ? sc : sc.toUpperCase()) : m & 1 ? 'x' : '-'}`;
  return t + rwx(mode >> 6, !!(mode & 0o4000), 's') + rwx(mode >> 3, !!(mode & 0o2000), 's') + rwx(mode, !!(mode & 0o1000), 't');
}

export function typeOf(st: { isDirectory(): boolean; isSymbolicLink(): boolean }): 'file' | 'dir' | 'symlink' {
  return st.isSymbolicLink() ? 'symlink' : st.isDirectory() ? 'dir' : 'file';
}

/** Names for uids and gids, from the location's /etc/passwd and /etc/group. */
export function names(fs: FsApi, file: '/etc/passwd' | '/etc/group'): Map<number, string> {
  const m = new Map<number, string>();
  try {
    for (const line of fs.readFileSync(file, 'utf8').toString().split('\n')) {
      const f = line.split(':');
      if (f.length >= 3) m.set(Number(f[2]), f[0]);
    }
  } catch {
    // no such file: numbers are shown
  }
  return m;
}
