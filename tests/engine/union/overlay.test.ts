import { describe, expect, it } from 'vitest';
import { EngineError } from '../../../src/engine/errors';
import { buildMergedTree } from '../../../src/engine/union/merged';
import { MountTree } from '../../../src/engine/union/mount';
import { createContainerFS } from '../../../src/engine/union/overlay';
import type { MetaOp, StoredEntry } from '../../../src/engine/store/types';
import type { LayerChanges } from '../../../src/engine/types';
import { changes, dir, file, link } from '../helpers';

const enc = new TextEncoder();
const dec = new TextDecoder();
const now = () => new Date(Date.UTC(2024, 0, 1));

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof EngineError ? e.code : String(e);
  }
  return undefined;
}

const base = changes({
  '/etc': dir(), '/etc/hosts': file('image hosts'), '/etc/passwd': file('root:x:0:0'),
  '/usr': dir(), '/usr/bin': dir(), '/usr/bin/a': file('a1'), '/usr/bin/b': file('b1'),
  '/data': dir(), '/data/keep': file('k'), '/data/sub': dir(), '/data/sub/x': file('x'),
  '/home': dir(0o755), '/home/user': { ...dir(0o700), uid: 1000, gid: 1000 }, '/home/user/secret': { ...file('s', 0o600), uid: 1000, gid: 1000 },
  '/root': dir(0o700), '/root/only-root': file('r', 0o600),
  '/lnk': link('usr/bin'), '/escape': link('../../../../etc/passwd'), '/loop1': link('/loop2'), '/loop2': link('/loop1'),
});
const second = changes({ '/usr/bin/a': file('a2'), '/usr/bin/c': file('c2') }, ['/usr/bin/b']);
const third = changes({ '/data': dir(), '/data/new': file('n') }, [], ['/data']);

function open(opts: { upper?: StoredEntry[]; mounts?: Array<{ destination: string; tree: MountTree }>; persisted?: MetaOp[][] } = {}) {
  const lower = buildMergedTree([base, second, third]);
  return createContainerFS({ lower, owner: 'c1', upper: opts.upper, mounts: opts.mounts, now, persist: async (ops) => void opts.persisted?.push(ops) });
}

describe('merged tree', () => {
  it('looks up top-down, honouring whiteouts and opaque dirs', () => {
    const t = buildMergedTree([base, second, third]);
    expect(dec.decode(t.get('/usr/bin/a')!.data)).toBe('a2');
    expect(t.get('/usr/bin/b')).toBeUndefined();
    expect(t.children('/usr/bin')).toEqual(['a', 'c']);
    expect(t.children('/data')).toEqual(['new']);
    expect(t.originOf('/usr/bin/a')).toBe(1);
    expect(t.originOf('/etc/hosts')).toBe(0);
  });

  it('stays correct at 127 layers', () => {
    const layers: LayerChanges[] = [base];
    for (let i = 1; i < 127; i++) layers.push(changes({ [`/usr/bin/l${i}`]: file(String(i)) }, i > 1 ? [`/usr/bin/l${i - 1}`] : []));
    const t = buildMergedTree(layers);
    expect(t.children('/usr/bin')).toEqual(['a', 'b', 'l126']);
    expect(t.originOf('/usr/bin/l126')).toBe(126);
  });
});

describe('container overlay', () => {
  it('copies a lower file up whole, with its ancestors, on first change', () => {
    const fs = open();
    fs.writeFile('/usr/bin/c', enc.encode('changed'), {});
    const ch = fs.changes();
    expect([...ch.entries.keys()].sort()).toEqual(['/usr', '/usr/bin', '/usr/bin/c']);
    expect(dec.decode(ch.entries.get('/usr/bin/c')!.data)).toBe('changed');
    fs.writeFile('/usr/bin/a', enc.encode('+'), { append: true });
    expect(dec.decode(fs.readFile('/usr/bin/a'))).toBe('a2+');
  });

  it('deletes with whiteouts and brings nothing back when a dir is re-created', () => {
    const fs = open();
    fs.rm('/data', { recursive: true });
    expect(fs.exists('/data/keep')).toBe(false);
    expect([...fs.changes().whiteouts]).toEqual(['/data']);
    fs.mkdir('/data');
    expect(fs.readdir('/data')).toEqual([]);
    expect([...fs.changes().opaque]).toEqual(['/data']);
    fs.unlink('/etc/hosts');
    expect(fs.readdir('/etc')).toEqual(['passwd']);
    expect(fs.diff()).toEqual([
      { kind: 'C', path: '/data' }, { kind: 'C', path: '/etc' }, { kind: 'D', path: '/etc/hosts' },
    ]);
  });

  it('merges directory listings from upper and lower', () => {
    const fs = open();
    fs.writeFile('/usr/bin/z', enc.encode('z'));
    fs.unlink('/usr/bin/a');
    expect(fs.readdir('/usr/bin')).toEqual(['c', 'z']);
  });

  it('renames files and directories', () => {
    const fs = open();
    fs.rename('/usr/bin/a', '/usr/bin/renamed');
    expect(dec.decode(fs.readFile('/usr/bin/renamed'))).toBe('a2');
    expect(fs.exists('/usr/bin/a')).toBe(false);
    fs.rename('/usr', '/opt');
    expect(fs.readdir('/opt/bin')).toEqual(['c', 'renamed']);
    expect(fs.exists('/usr')).toBe(false);
    expect(codeOf(() => fs.rename('/etc', '/opt'))).toBe('ENOTEMPTY');
  });

  it('resolves symlinks inside the root and detects loops', () => {
    const fs = open();
    expect(dec.decode(fs.readFile('/lnk/a'))).toBe('a2');
    expect(dec.decode(fs.readFile('/escape'))).toBe('root:x:0:0');
    expect(fs.realpath('/escape')).toBe('/etc/passwd');
    expect(fs.realpath('/../../etc/../usr')).toBe('/usr');
    expect(codeOf(() => fs.readFile('/loop1'))).toBe('ELOOP');
    expect(fs.readlink('/lnk')).toBe('usr/bin');
    expect(fs.lstat('/lnk').type).toBe('symlink');
    expect(fs.stat('/lnk').type).toBe('dir');
  });

  it.each([
    ['read a 0600 root file', (f: ReturnType<typeof open>) => f.readFile('/root/only-root'), 'EACCES'],
    ['create in /etc', (f: ReturnType<typeof open>) => f.writeFile('/etc/new', enc.encode('x')), 'EACCES'],
    ['chmod a root file', (f: ReturnType<typeof open>) => f.chmod('/etc/hosts', 0o777), 'EPERM'],
    ['read own secret', (f: ReturnType<typeof open>) => f.readFile('/home/user/secret'), undefined],
    ['missing file', (f: ReturnType<typeof open>) => f.readFile('/nope'), 'ENOENT'],
    ['file as dir', (f: ReturnType<typeof open>) => f.readFile('/etc/hosts/x'), 'ENOTDIR'],
    ['read a dir', (f: ReturnType<typeof open>) => f.readFile('/etc'), 'EISDIR'],
    ['rmdir non-empty', (f: ReturnType<typeof open>) => f.rmdir('/etc'), 'ENOTEMPTY'],
    ['mkdir existing', (f: ReturnType<typeof open>) => f.mkdir('/etc'), 'EEXIST'],
  ])('uid 1000: %s', (_n, op, code) => {
    const fs = open().withCredentials({ uid: 1000, gid: 1000 }) as ReturnType<typeof open>;
    expect(codeOf(() => op(fs))).toBe(code);
  });

  it('keeps mounts out of diff, changes and walk, but shows them', () => {
    const vol = MountTree.dir('volume:v', dir(), new Map([['/db', file('rows')]]));
    const hosts = MountTree.file('mounts:c1', file('generated hosts'), '/etc/hosts');
    const fs = open({ mounts: [{ destination: '/var/lib/mysql', tree: vol }, { destination: '/etc/hosts', tree: hosts }] });
    expect(dec.decode(fs.readFile('/etc/hosts'))).toBe('generated hosts');
    expect(dec.decode(fs.readFile('/var/lib/mysql/db'))).toBe('rows');
    fs.writeFile('/var/lib/mysql/more', enc.encode('x'));
    fs.writeFile('/etc/hosts', enc.encode('edited'));
    expect(fs.diff()).toEqual([]);
    expect(fs.changes().entries.size).toBe(0);
    const walked = [...fs.walk()].map(([p]) => p);
    expect(walked).not.toContain('/var/lib/mysql/db');
    expect(walked).toContain('/etc/hosts'); // the image's own file, beneath the mount
    expect(codeOf(() => fs.rename('/var/lib/mysql/more', '/tmp-more'))).toBe('EXDEV');
  });

  it('gives docker diff lines for the nginx tutorial', () => {
    const lower = buildMergedTree([changes({
      '/root': dir(0o700), '/usr': dir(), '/usr/share': dir(), '/usr/share/nginx': dir(), '/usr/share/nginx/html': dir(),
      '/usr/share/nginx/html/index.html': file('welcome'), '/var': dir(), '/var/cache': dir(), '/var/cache/nginx': dir(),
    })]);
    const fs = createContainerFS({ lower, owner: 'c', now, persist: async () => {} });
    fs.writeFile('/usr/share/nginx/html/index.html', enc.encode('<h1>Hello, Docker!</h1>'));
    fs.writeFile('/root/.bash_history', enc.encode('exit\n'));
    fs.mkdir('/var/cache/nginx/client_temp');
    expect(fs.diff().map((d) => `${d.kind} ${d.path}`)).toEqual([
      'C /root', 'A /root/.bash_history', 'C /usr', 'C /usr/share', 'C /usr/share/nginx', 'C /usr/share/nginx/html',
      'C /usr/share/nginx/html/index.html', 'C /var', 'C /var/cache', 'C /var/cache/nginx', 'A /var/cache/nginx/client_temp',
    ]);
  });

  it('flushes dirty rows in one batch and reloads to the same view', async () => {
    const persisted: MetaOp[][] = [];
    const fs = open({ persisted });
    fs.writeFile('/usr/bin/new', enc.encode('n'));
    fs.rm('/data', { recursive: true });
    fs.mkdir('/data');
    fs.symlink('/etc', '/etc-link');
    await fs.flush();
    await fs.flush(); // nothing dirty: no second write
    expect(persisted).toHaveLength(1);
    const rows = persisted[0].flatMap((op) => (op.op === 'put' && op.table === 'entries' ? [op.value] : []));
    const again = open({ upper: rows });
    expect(again.diff()).toEqual(fs.diff());
    expect([...again.walk()].map(([p]) => p)).toEqual([...fs.walk()].map(([p]) => p));
    expect(again.readdir('/data')).toEqual([]);
  });
});

describe('mount points', () => {
  it('shows missing parents of a mount and commits them only when written under', () => {
    const vol = MountTree.dir('volume:v', dir());
    const fs = open({ mounts: [{ destination: '/var/lib/mysql', tree: vol }] });
    expect(fs.readdir('/')).toContain('var');
    expect(fs.readdir('/var')).toEqual(['lib']);
    expect(fs.diff()).toEqual([]);
    fs.writeFile('/var/log.txt', enc.encode('x'));
    expect(fs.diff().map((d) => `${d.kind} ${d.path}`)).toEqual(['A /var', 'A /var/log.txt']);
  });
});
