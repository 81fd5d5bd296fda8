import { describe, expect, it } from 'vitest';
import { EngineError } from '../../../src/engine/errors';
import { buildMergedTree } from '../../../src/engine/union/merged';
import { createContainerFS, MountTree } from '../../../src/engine/union/overlay';
import type { MetaOp, StoredEntry } from '../../../src/engine/store/types';
import type { TreeEntry } from '../../../src/engine/types';
import type { ContainerFS } from '../../../src/engine/union/types';
import { changes, dir, file, link } from '../helpers';

const enc = new TextEncoder();
const dec = new TextDecoder();
let clock = Date.UTC(2024, 0, 1);
const now = () => new Date(clock);
const T0 = Math.floor(Date.UTC(2024, 0, 1) / 1000);

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof EngineError ? e.code : String(e);
  }
  return undefined;
}

const hard = (target: string): TreeEntry => ({ type: 'hardlink', mode: 0o644, uid: 0, gid: 0, mtime: 1, target });
const owned = (e: TreeEntry, uid = 1000): TreeEntry => ({ ...e, uid, gid: uid });

const image = [
  changes({
    '/etc': dir(), '/etc/passwd': file('root:x:0:0'), '/etc/shadow': file('hash', 0o600),
    '/bin': dir(), '/bin/busybox': file('bb', 0o755), '/bin/sh': hard('/bin/busybox'),
    '/a': dir(), '/a/b': dir(), '/a/b/c': file('abc'), '/up': link('a/b'), '/abs': link('/etc'),
    '/esc1': link('../../../../etc/passwd'), '/esc2': link('/../../etc/shadow'), '/esc3': link('a/../../../../etc'),
    '/self': link('self'), '/loop1': link('loop2'), '/loop2': link('loop1'), '/empty': link(''),
    '/tmp': dir(0o1777), '/srv': owned(dir(0o755)), '/srv/mine': owned(file('m', 0o600)), '/srv/ro': owned(file('r', 0o444)),
    '/locked': dir(0o700), '/locked/f': file('f', 0o644), '/pub': dir(0o755), '/pub/f': file('f', 0o666),
    '/var': dir(), '/var/lib': dir(), '/var/lib/data': dir(), '/var/lib/data/image-file': file('from image'),
  }),
  changes({ '/etc/passwd': file('root:x:0:0\nuser:x:1000') }),
];

function open(opts: { upper?: StoredEntry[]; mounts?: Array<{ destination: string; tree: MountTree }>; persist?: (ops: MetaOp[]) => Promise<void> } = {}): ContainerFS {
  return createContainerFS({ lower: buildMergedTree(image), owner: 'cid', upper: opts.upper, mounts: opts.mounts, now, persist: opts.persist ?? (async () => {}) });
}

describe('symlinks inside the root', () => {
  it.each<[string, string]>([
    ['/up/c', '/a/b/c'],
    ['/abs/passwd', '/etc/passwd'],
    ['/esc1', '/etc/passwd'],
    ['/esc2', '/etc/shadow'],
    ['/esc3/passwd', '/etc/passwd'],
    ['/../../../etc/passwd', '/etc/passwd'],
    ['/up/../b/c', '/a/b/c'], // ".." after a link climbs from its target, not lexically
  ])('%s -> %s', (input, real) => {
    const fs = open();
    expect(fs.realpath(input)).toBe(real);
    expect(fs.readFile(input)).toEqual(fs.readFile(real));
  });

  it.each([['/self'], ['/loop1'], ['/loop1/x']])('%s is ELOOP', (p) => {
    expect(codeOf(() => open().stat(p))).toBe('ELOOP');
  });

  it('follows the final link only where the syscall does', () => {
    const fs = open();
    expect(fs.lstat('/up').type).toBe('symlink');
    expect(fs.stat('/up').type).toBe('dir');
    expect(codeOf(() => open().stat('/empty'))).toBe('ENOENT');
    fs.writeFile('/abs/new', enc.encode('n')); // intermediate link followed
    expect(fs.exists('/etc/new')).toBe(true);
    fs.unlink('/up'); // removes the link, not the target
    expect(fs.exists('/a/b/c')).toBe(true);
    expect(fs.diff().map((d) => `${d.kind} ${d.path}`)).toEqual(['C /etc', 'A /etc/new', 'D /up']);
    fs.symlink('/a/b/c', '/dangling-free');
    expect(fs.readlink('/dangling-free')).toBe('/a/b/c');
    fs.rename('/abs', '/abs2'); // the link moves, /etc stays
    expect(fs.readlink('/abs2')).toBe('/etc');
    expect(fs.exists('/etc/passwd')).toBe(true);
  });
});

describe('hard links', () => {
  it('reads the target content and copies up as an independent file', () => {
    const fs = open();
    expect(dec.decode(fs.readFile('/bin/sh'))).toBe('bb');
    expect(fs.lstat('/bin/sh').type).toBe('file');
    expect(fs.stat('/bin/sh').ino).toBe(fs.stat('/bin/busybox').ino);
    fs.writeFile('/bin/busybox', enc.encode('patched'));
    expect(dec.decode(fs.readFile('/bin/sh'))).toBe('bb');
    fs.chmod('/bin/sh', 0o700);
    expect(fs.changes().entries.get('/bin/sh')).toMatchObject({ type: 'file', mode: 0o700 });
    expect(dec.decode(fs.readFile('/bin/sh'))).toBe('bb');
  });

  it('link() makes a new name sharing the data', () => {
    const fs = open();
    fs.link('/a/b/c', '/a/link');
    expect(dec.decode(fs.readFile('/a/link'))).toBe('abc');
    expect(fs.stat('/a/link').ino).toBe(fs.stat('/a/b/c').ino);
    expect(codeOf(() => fs.link('/a', '/a2'))).toBe('EPERM');
    expect(codeOf(() => fs.link('/a/b/c', '/a/link'))).toBe('EEXIST');
  });
});

describe('copy-up, whiteouts and opaque dirs', () => {
  it('rm -rf of a lower dir leaves one whiteout; mkdir over it is opaque', () => {
    const fs = open();
    fs.rm('/a', { recursive: true });
    expect([...fs.changes().whiteouts]).toEqual(['/a']);
    expect(fs.changes().entries.size).toBe(0);
    fs.mkdir('/a');
    fs.writeFile('/a/new', enc.encode('n'));
    expect(fs.readdir('/a')).toEqual(['new']);
    expect([...fs.changes().opaque]).toEqual(['/a']);
    expect(fs.changes().whiteouts.size).toBe(0);
    fs.unlink('/a/new');
    expect(fs.changes().entries.has('/a/new')).toBe(false); // upper-only: removed, no whiteout
    expect(fs.changes().whiteouts.size).toBe(0);
  });

  it('copies ancestors as metadata only and stamps mtimes', () => {
    const fs = open();
    clock += 5000;
    fs.writeFile('/a/b/c', enc.encode('changed'));
    const ch = fs.changes();
    expect([...ch.entries.keys()]).toEqual(['/a', '/a/b', '/a/b/c']);
    expect(ch.entries.get('/a')!.data).toBeUndefined();
    expect(ch.entries.get('/a/b')!.mtime).toBe(1_700_000_000); // modifying a file leaves its dir alone
    expect(ch.entries.get('/a/b/c')!.mtime).toBe(T0 + 5);
    fs.writeFile('/a/b/d', enc.encode('d'));
    expect(fs.lstat('/a/b').mtime).toBe(T0 + 5);
    clock = Date.UTC(2024, 0, 1);
  });

  it('replacing a lower dir by a file hides its old children', () => {
    const fs = open();
    fs.rm('/a/b', { recursive: true });
    fs.writeFile('/a/b', enc.encode('file now'));
    expect(fs.lstat('/a/b').type).toBe('file');
    expect(codeOf(() => fs.readFile('/a/b/c'))).toBe('ENOTDIR');
  });

  it.each<[string, (fs: ContainerFS) => unknown, string]>([
    ['mkdir existing', (fs) => fs.mkdir('/etc'), 'EEXIST'],
    ['mkdir missing parent', (fs) => fs.mkdir('/x/y'), 'ENOENT'],
    ['mkdir under a file', (fs) => fs.mkdir('/etc/passwd/x'), 'ENOTDIR'],
    ['unlink a dir', (fs) => fs.unlink('/etc'), 'EISDIR'],
    ['rmdir a file', (fs) => fs.rmdir('/etc/passwd'), 'ENOTDIR'],
    ['rmdir non-empty', (fs) => fs.rmdir('/a'), 'ENOTEMPTY'],
    ['rm a dir without -r', (fs) => fs.rm('/a'), 'EISDIR'],
    ['write to a dir', (fs) => fs.writeFile('/a', enc.encode('x')), 'EISDIR'],
  ])('%s', (_n, op, code) => {
    expect(codeOf(() => op(open()))).toBe(code);
  });

  it('mkdir -p is quiet about existing dirs', () => {
    const fs = open();
    fs.mkdir('/a/b/n/m', 0o755, { recursive: true });
    expect(fs.stat('/a/b/n/m').type).toBe('dir');
    expect(codeOf(() => fs.mkdir('/etc/passwd/q', 0o755, { recursive: true }))).toBe('ENOTDIR');
  });
});

describe('rename', () => {
  it('moves a lower dir by copying it up and whiting out the source', () => {
    const fs = open();
    fs.rename('/a', '/moved');
    expect(dec.decode(fs.readFile('/moved/b/c'))).toBe('abc');
    expect(fs.exists('/a')).toBe(false);
    const ch = fs.changes();
    expect([...ch.whiteouts]).toEqual(['/a']);
    expect([...ch.entries.keys()].sort()).toEqual(['/moved', '/moved/b', '/moved/b/c']);
  });

  it('replaces an existing file, refuses non-empty dirs and moves into self', () => {
    const fs = open();
    fs.rename('/etc/passwd', '/etc/shadow');
    expect(dec.decode(fs.readFile('/etc/shadow'))).toContain('user:x:1000');
    expect(fs.readdir('/etc')).toEqual(['shadow']);
    expect(codeOf(() => fs.rename('/bin', '/a'))).toBe('ENOTEMPTY');
    expect(codeOf(() => fs.rename('/a', '/a/b/inside'))).toBe('EINVAL');
    expect(codeOf(() => fs.rename('/nope', '/x'))).toBe('ENOENT');
  });

  it('is EXDEV across a mount boundary in both directions', () => {
    const vol = MountTree.dir('volume:v', dir(), new Map([['/f', file('vf')]]));
    const fs = open({ mounts: [{ destination: '/mnt', tree: vol }] });
    expect(codeOf(() => fs.rename('/mnt/f', '/f'))).toBe('EXDEV');
    expect(codeOf(() => fs.rename('/etc/passwd', '/mnt/passwd'))).toBe('EXDEV');
    fs.rename('/mnt/f', '/mnt/g'); // within the mount is fine
    expect(fs.readdir('/mnt')).toEqual(['g']);
  });
});

describe('permissions for uid 1000', () => {
  const user = (fs = open()) => fs.withCredentials({ uid: 1000, gid: 1000 });
  it.each<[string, (fs: ReturnType<typeof user>) => unknown, string | undefined]>([
    ['read 0600 root file', (fs) => fs.readFile('/etc/shadow'), 'EACCES'],
    ['read world-readable file', (fs) => fs.readFile('/etc/passwd'), undefined],
    ['write root 0644 file', (fs) => fs.writeFile('/etc/passwd', enc.encode('x')), 'EACCES'],
    ['write 0666 file', (fs) => fs.writeFile('/pub/f', enc.encode('x')), undefined],
    ['write own 0444 file', (fs) => fs.writeFile('/srv/ro', enc.encode('x')), 'EACCES'],
    ['create in root-owned dir', (fs) => fs.writeFile('/etc/new', enc.encode('x')), 'EACCES'],
    ['delete from root-owned dir', (fs) => fs.unlink('/pub/f'), 'EACCES'],
    ['create in own dir', (fs) => fs.writeFile('/srv/new', enc.encode('x')), undefined],
    ['create in /tmp', (fs) => fs.mkdir('/tmp/d'), undefined],
    ['traverse 0700 dir', (fs) => fs.stat('/locked/f'), 'EACCES'],
    ['list 0700 dir', (fs) => fs.readdir('/locked'), 'EACCES'],
    ['chmod root file', (fs) => fs.chmod('/etc/passwd', 0o777), 'EPERM'],
    ['chmod own file', (fs) => fs.chmod('/srv/mine', 0o640), undefined],
    ['chown own file to root', (fs) => fs.chown('/srv/mine', 0, 0), 'EPERM'],
    ['chgrp own file to own group', (fs) => fs.chown('/srv/mine', 1000, 1000), undefined],
    ['chown root file', (fs) => fs.chown('/etc/passwd', 1000, 1000), 'EPERM'],
    ['rm -rf root tree', (fs) => fs.rm('/a', { recursive: true }), 'EACCES'],
  ])('%s', (_n, op, code) => {
    expect(codeOf(() => op(user()))).toBe(code);
  });

  it('root bypasses every check, and new files belong to the caller', () => {
    const fs = open();
    expect(dec.decode(fs.readFile('/locked/f'))).toBe('f');
    user(fs).writeFile('/tmp/mine', enc.encode('x'));
    expect(fs.stat('/tmp/mine')).toMatchObject({ uid: 1000, gid: 1000 });
  });
});

describe('mounts', () => {
  it('are readable but never in diff, changes or walk', () => {
    const vol = MountTree.dir('volume:data', dir(), new Map([['/db', file('rows')]]));
    const gen = MountTree.file('mounts:cid', file('generated'), '/etc/hostname');
    const fs = open({ mounts: [{ destination: '/var/lib/data', tree: vol }, { destination: '/etc/hostname', tree: gen }] });
    expect(fs.readdir('/var/lib/data')).toEqual(['db']);
    expect(fs.readdir('/etc')).toEqual(['hostname', 'passwd', 'shadow']);
    expect(fs.origin('/var/lib/data/db')).toEqual({ kind: 'mount', destination: '/var/lib/data' });
    fs.writeFile('/var/lib/data/more', enc.encode('m'));
    fs.mkdir('/var/lib/data/sub');
    fs.writeFile('/etc/hostname', enc.encode('h2'));
    expect(fs.diff()).toEqual([]);
    expect(fs.changes().entries.size + fs.changes().whiteouts.size).toBe(0);
    const walked = [...fs.walk()].map(([p]) => p);
    expect(walked).toContain('/var/lib/data'); // the image's dir beneath the mount
    expect(walked).toContain('/var/lib/data/image-file');
    expect(walked).not.toContain('/var/lib/data/db');
    expect(walked).not.toContain('/etc/hostname'); // only the mount has it
    expect(walked).toEqual([...walked].sort((a, b) => (a.split('/') < b.split('/') ? -1 : 1)));
  });

  it('share one tree between containers, and one flush writes upper and mounts together', async () => {
    const vol = MountTree.dir('volume:shared', dir());
    const batches: MetaOp[][] = [];
    const persist = async (ops: MetaOp[]) => void batches.push(ops);
    const a = open({ mounts: [{ destination: '/data', tree: vol }], persist });
    const b = open({ mounts: [{ destination: '/srv/data', tree: vol }], persist });
    a.writeFile('/data/x', enc.encode('from a'));
    a.writeFile('/etc/a-only', enc.encode('a'));
    expect(dec.decode(b.readFile('/srv/data/x'))).toBe('from a');
    expect(b.exists('/etc/a-only')).toBe(false);
    await a.flush();
    expect(batches).toHaveLength(1);
    const owners = new Set(batches[0].map((op) => (op.op === 'put' && op.table === 'entries' ? op.value.owner : '')));
    expect(owners).toEqual(new Set(['cid', 'volume:shared']));
    await b.flush(); // a's flush already took the volume's rows
    expect(batches).toHaveLength(1);
  });
});

describe('flush and reload', () => {
  it('keeps rows dirty when persisting fails', async () => {
    let fail = true;
    const batches: MetaOp[][] = [];
    const vol = MountTree.dir('volume:v', dir());
    const fs = open({
      mounts: [{ destination: '/mnt', tree: vol }],
      persist: async (ops) => {
        if (fail) throw new Error('quota');
        batches.push(ops);
      },
    });
    fs.writeFile('/etc/x', enc.encode('x'));
    fs.writeFile('/mnt/y', enc.encode('y'));
    await expect(fs.flush()).rejects.toThrow('quota');
    fail = false;
    await fs.flush();
    expect(batches).toHaveLength(1);
    const paths = batches[0].map((op) => (op.op === 'put' && op.table === 'entries' ? `${op.value.owner}:${op.value.path}` : ''));
    expect(paths.sort()).toEqual(['cid:/etc', 'cid:/etc/x', 'volume:v:/', 'volume:v:/y']); // the volume root's mtime changed too
  });

  it('reloads whiteouts, opaque dirs, deletions and mount rows to the same view', async () => {
    const rows = new Map<string, StoredEntry>();
    const persist = async (ops: MetaOp[]) => {
      for (const op of ops) {
        if (op.op === 'put' && op.table === 'entries') rows.set(`${op.value.owner}\0${op.value.path}`, op.value);
        else if (op.op === 'delete' && op.table === 'entries') rows.delete(op.key.join('\0'));
      }
    };
    const vol = MountTree.dir('volume:v', dir());
    const fs = open({ mounts: [{ destination: '/mnt', tree: vol }], persist });
    fs.rm('/a', { recursive: true });
    fs.mkdir('/a');
    fs.writeFile('/a/tmp', enc.encode('t'));
    fs.writeFile('/mnt/keep', enc.encode('k'));
    await fs.flush();
    fs.unlink('/a/tmp'); // a delete after a flush becomes a delete row
    fs.rename('/bin', '/sbin');
    await fs.flush();
    const of = (owner: string) => [...rows.values()].filter((r) => r.owner === owner);
    const vol2 = MountTree.fromStored('volume:v', 'dir', of('volume:v'), () => MountTree.dir('volume:v', dir()));
    const again = open({ upper: of('cid'), mounts: [{ destination: '/mnt', tree: vol2 }] });
    expect(again.diff()).toEqual(fs.diff());
    expect(again.changes()).toEqual(fs.changes());
    expect([...again.walk()]).toEqual([...fs.walk()]);
    expect(again.readdir('/a')).toEqual([]);
    expect(dec.decode(again.readFile('/mnt/keep'))).toBe('k');
    expect(dec.decode(again.readFile('/sbin/sh'))).toBe('bb');
  });

  it('bumps generation on every mutation', () => {
    const fs = open();
    const g: number[] = [fs.generation];
    const steps: Array<(f: ContainerFS) => void> = [
      (f) => f.writeFile('/x', enc.encode('x')), (f) => f.mkdir('/d'), (f) => f.chmod('/x', 0o600),
      (f) => f.rename('/x', '/d/x'), (f) => f.unlink('/d/x'), (f) => f.symlink('/d', '/l'), (f) => f.rm('/etc', { recursive: true }),
    ];
    for (const s of steps) {
      s(fs);
      g.push(fs.generation);
    }
    for (let i = 1; i < g.length; i++) expect(g[i]).toBeGreaterThan(g[i - 1]);
    fs.readFile('/bin/sh');
    expect(fs.generation).toBe(g[g.length - 1]);
  });
});
