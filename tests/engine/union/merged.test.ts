import { describe, expect, it } from 'vitest';
import { buildMergedTree, extendMergedTree, resolveHardlink } from '../../../src/engine/union/merged';
import type { LayerChanges, TreeEntry } from '../../../src/engine/types';
import { changes, dir, file, link } from '../helpers';

const dec = new TextDecoder();
const text = (e: TreeEntry | undefined) => (e?.data ? dec.decode(e.data) : undefined);

const l0 = changes({
  '/etc': dir(), '/etc/a': file('a0'), '/etc/b': file('b0'), '/opt': dir(), '/opt/x': file('x0'), '/opt/sub': dir(), '/opt/sub/y': file('y0'),
  '/swap': dir(), '/swap/inner': file('i'), '/bin': dir(), '/bin/sh': file('sh'), '/bin/ash': { ...file(''), type: 'hardlink', target: '/bin/sh' },
});
const l1 = changes({ '/etc/a': file('a1'), '/etc/c': file('c1'), '/swap': file('now a file') }, ['/etc/b']);
const l2 = changes({ '/opt': dir(0o700), '/opt/z': file('z2'), '/etc/c': file('c2') }, [], ['/opt']);

describe('buildMergedTree', () => {
  const t = buildMergedTree([l0, l1, l2]);

  it.each<[string, string | undefined, number | undefined]>([
    ['/etc/a', 'a1', 1],
    ['/etc/b', undefined, undefined],
    ['/etc/c', 'c2', 2],
    ['/opt/x', undefined, undefined],
    ['/opt/sub/y', undefined, undefined],
    ['/opt/z', 'z2', 2],
    ['/swap', 'now a file', 1],
    ['/swap/inner', undefined, undefined],
    ['/bin/sh', 'sh', 0],
  ])('top-down lookup of %s', (path, content, origin) => {
    expect(text(t.get(path))).toBe(content);
    expect(t.originOf(path)).toBe(origin);
  });

  it('lists children sorted, honouring whiteouts and opaque dirs', () => {
    expect(t.children('/')).toEqual(['bin', 'etc', 'opt', 'swap']);
    expect(t.children('/etc')).toEqual(['a', 'c']);
    expect(t.children('/opt')).toEqual(['z']);
    expect(t.children('/swap')).toEqual([]);
    expect(t.children('/missing')).toEqual([]);
    expect(t.get('/opt')!.mode).toBe(0o700);
  });

  it('creates parents a tar omitted', () => {
    const m = buildMergedTree([changes({ '/a/b/c': file('c') })]);
    expect(m.get('/a/b')!.type).toBe('dir');
    expect(m.children('/a')).toEqual(['b']);
  });

  it('returns hard links as they are, and resolveHardlink finds their content', () => {
    expect(t.get('/bin/ash')!.type).toBe('hardlink');
    expect(text(resolveHardlink(t, t.get('/bin/ash')!))).toBe('sh');
    expect(resolveHardlink(t, { ...file(''), type: 'hardlink', target: '/nope' })).toBeUndefined();
    expect(resolveHardlink(t, link('x'))!.type).toBe('symlink');
  });

  it('extends a tree by one layer without touching the base', () => {
    const base = buildMergedTree([l0]);
    const next = extendMergedTree(base, l1);
    expect(base.get('/etc/b')).toBeDefined();
    expect(base.children('/etc')).toEqual(['a', 'b']);
    expect(next.get('/etc/b')).toBeUndefined();
    expect(next.children('/etc')).toEqual(['a', 'c']);
    expect(text(extendMergedTree(next, l2).get('/etc/c'))).toBe('c2');
  });
});

describe('127 layers', () => {
  const N = 20_000;
  const paths = Array.from({ length: N }, (_, i) => `/d${i % 50}/f${i}`);
  const dirs = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`/d${i}`, dir()]));
  const all = changes({ ...dirs, ...Object.fromEntries(paths.map((p) => [p, file(p)])) });
  // Same files spread over 127 layers, so only the layer count differs.
  const layers: LayerChanges[] = [changes(dirs)];
  for (let l = 1; l < 127; l++) layers.push(changes(Object.fromEntries(paths.filter((_, i) => i % 126 === l - 1).map((p) => [p, file(p)]))));
  const one = buildMergedTree([all]);
  const many = buildMergedTree(layers);

  it('holds the same content', () => {
    expect(many.size).toBe(one.size);
    expect(text(many.get(paths[12345]))).toBe(paths[12345]);
    expect(many.originOf(paths[0])).toBe(1);
    expect(many.originOf(paths[125])).toBe(126);
  });
  // Lookup speed at 127 layers is measured in `npm run bench`, never asserted here.
});
