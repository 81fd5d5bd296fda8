/**
 * The headless CLI's host: a real directory, confined. Every path is resolved
 * inside `root` (symlinks included), so `docker save -o x.tar` writes a real file
 * there and nothing outside it can be reached. Node only.
 */
import * as nodeFs from 'node:fs';
import { join, resolve as resolvePath, sep } from 'node:path';
import { EngineError, fsError, type ErrorCode } from '../engine/errors';
import type { ContainerFS, Credentials, FsStat, Origin } from '../engine/union/types';
import type { LayerChanges, TreeEntry } from '../engine/types';

export function hostDirView(root: string): ContainerFS {
  const base = resolvePath(root);
  const real = (p: string): string => {
    const parts = p.split('/').filter((x) => x && x !== '.');
    const out: string[] = [];
    for (const part of parts) {
      if (part === '..') out.pop();
      else out.push(part);
    }
    const full = join(base, ...out);
    // Refuse paths whose real location (after links) leaves the root.
    let check = full;
    while (!nodeFs.existsSync(check) && check !== base) check = resolvePath(check, '..');
    const r = nodeFs.realpathSync(check);
    if (r !== base && !r.startsWith(base + sep)) throw new EngineError('EACCES', `EACCES: permission denied, '${p}' is outside ${base}`, { path: p });
    return full;
  };
  const wrap = <T>(syscall: string, path: string, f: () => T): T => {
    try {
      return f();
    } catch (e) {
      if (e instanceof EngineError) throw e;
      const code = (e as { code?: string }).code;
      if (code && /^E[A-Z]+$/.test(code)) throw fsError(code as ErrorCode, syscall, path);
      throw e;
    }
  };
  const toStat = (st: nodeFs.Stats): FsStat => ({
    type: st.isDirectory() ? 'dir' : st.isSymbolicLink() ? 'symlink' : 'file',
    mode: st.mode & 0o7777, uid: st.uid, gid: st.gid, mtime: Math.floor(st.mtimeMs / 1000), size: st.size, ino: st.ino, nlink: st.nlink,
  });
  const empty: LayerChanges = { entries: new Map(), whiteouts: new Set(), opaque: new Set() };
  const view: ContainerFS = {
    lstat: (p) => wrap('lstat', p, () => toStat(nodeFs.lstatSync(real(p)))),
    stat: (p) => wrap('stat', p, () => toStat(nodeFs.statSync(real(p)))),
    exists: (p) => {
      try {
        return nodeFs.existsSync(real(p));
      } catch {
        return false;
      }
    },
    readFile: (p) => wrap('open', p, () => new Uint8Array(nodeFs.readFileSync(real(p)))),
    writeFile: (p, data, opts = {}) => wrap('open', p, () => (opts.append ? nodeFs.appendFileSync(real(p), data) : nodeFs.writeFileSync(real(p), data, { mode: opts.mode }))),
    truncate: (p, n) => wrap('truncate', p, () => nodeFs.truncateSync(real(p), n)),
    mkdir: (p, mode, opts) => wrap('mkdir', p, () => void nodeFs.mkdirSync(real(p), { mode, recursive: opts?.recursive })),
    readdir: (p) => wrap('scandir', p, () => nodeFs.readdirSync(real(p)).sort()),
    unlink: (p) => wrap('unlink', p, () => nodeFs.unlinkSync(real(p))),
    rmdir: (p) => wrap('rmdir', p, () => nodeFs.rmdirSync(real(p))),
    rm: (p, opts) => wrap('rm', p, () => nodeFs.rmSync(real(p), opts)),
    rename: (a, b) => wrap('rename', a, () => nodeFs.renameSync(real(a), real(b))),
    symlink: (t, p) => wrap('symlink', p, () => nodeFs.symlinkSync(t, real(p))),
    readlink: (p) => wrap('readlink', p, () => nodeFs.readlinkSync(real(p))),
    link: (a, b) => wrap('link', a, () => nodeFs.linkSync(real(a), real(b))),
    chmod: (p, m) => wrap('chmod', p, () => nodeFs.chmodSync(real(p), m)),
    chown: (p, u, g) => wrap('chown', p, () => nodeFs.chownSync(real(p), u, g)),
    utimes: (p, a, m) => wrap('utime', p, () => nodeFs.utimesSync(real(p), a, m)),
    realpath: (p) => wrap('realpath', p, () => '/' + nodeFs.realpathSync(real(p)).slice(base.length).split(sep).filter(Boolean).join('/')),
    origin: (): Origin | undefined => undefined,
    withCredentials: (_c: Credentials) => view,
    diff: () => [],
    changes: () => empty,
    walk: function* (): Iterable<[string, TreeEntry]> {},
    flush: async () => {},
    generation: 0,
  };
  return view;
}
