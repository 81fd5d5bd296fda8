import { describe, expect, it } from 'vitest';
import { layerChangesFromTar, tarEntriesFromChanges, type TarEntryLike } from '../../../src/engine/union/changeset';
import { changes, dir, file, link } from '../helpers';

const enc = new TextEncoder();
const t = (path: string, type: TarEntryLike['type'] = 'file', extra: Partial<TarEntryLike> = {}): TarEntryLike => ({
  path, type, mode: 0o644, uid: 0, gid: 0, mtime: 1, size: 0, ...extra,
});

describe('layerChangesFromTar', () => {
  it.each<[string, TarEntryLike[], { entries?: string[]; whiteouts?: string[]; opaque?: string[] }]>([
    ['plain entries', [t('etc', 'dir'), t('etc/hosts')], { entries: ['/etc', '/etc/hosts'] }],
    ['nested whiteout', [t('etc', 'dir'), t('etc/.wh.hosts')], { entries: ['/etc'], whiteouts: ['/etc/hosts'] }],
    ['root whiteout', [t('.wh.tmp')], { whiteouts: ['/tmp'] }],
    ['nested opaque', [t('var', 'dir'), t('var/.wh..wh..opq')], { entries: ['/var'], opaque: ['/var'] }],
    ['root opaque', [t('.wh..wh..opq')], { opaque: ['/'] }],
    ['trailing slash and ./ prefix', [t('./usr/', 'dir'), t('./usr/bin/')], { entries: ['/usr', '/usr/bin'] }],
    ['other types skipped', [t('dev', 'dir'), t('dev/null', 'other')], { entries: ['/dev'] }],
  ])('%s', (_name, input, want) => {
    const c = layerChangesFromTar(input);
    expect([...c.entries.keys()].sort()).toEqual(want.entries ?? []);
    expect([...c.whiteouts].sort()).toEqual(want.whiteouts ?? []);
    expect([...c.opaque].sort()).toEqual(want.opaque ?? []);
  });

  it('turns a relative hardlink name into an absolute target and masks the mode', () => {
    const c = layerChangesFromTar([
      t('bin/a', 'file', { mode: 0o100755, data: enc.encode('x'), size: 1 }),
      t('bin/b', 'hardlink', { linkname: 'bin/a' }),
      t('bin/c', 'symlink', { linkname: '../a' }),
    ]);
    expect(c.entries.get('/bin/a')!.mode).toBe(0o755);
    expect(c.entries.get('/bin/b')).toMatchObject({ type: 'hardlink', target: '/bin/a' });
    expect(c.entries.get('/bin/c')).toMatchObject({ type: 'symlink', target: '../a' });
  });
});

describe('tarEntriesFromChanges', () => {
  it('orders dirs before contents, markers in their dir, opaque right after its dir', () => {
    const c = changes(
      { '/b': dir(), '/b/l': link('../a/f'), '/a': dir(), '/a/f': file('xy'), '/b/!x': dir(), '/b/!x/y': file('') },
      ['/a/gone', '/z'],
      ['/b'],
    );
    expect(tarEntriesFromChanges(c).map((e) => e.path)).toEqual([
      '.wh.z', 'a', 'a/.wh.gone', 'a/f', 'b', 'b/.wh..wh..opq', 'b/!x', 'b/!x/y', 'b/l',
    ]);
  });

  it('is deterministic whatever the insertion order', () => {
    const a = changes({ '/x': dir(), '/x/1': file('1'), '/y': dir() }, ['/x/2'], ['/y']);
    const b = changes({ '/y': dir(), '/x/1': file('1'), '/x': dir() }, ['/x/2'], ['/y']);
    expect(tarEntriesFromChanges(a)).toEqual(tarEntriesFromChanges(b));
  });

  it('does not invent missing parents and puts a root opaque marker first', () => {
    const c = changes({ '/usr/bin/tool': file('t') }, ['/etc/old'], ['/']);
    expect(tarEntriesFromChanges(c).map((e) => e.path)).toEqual(['.wh..wh..opq', 'etc/.wh.old', 'usr/bin/tool']);
  });

  it('sets sizes and relative hardlink names', () => {
    const c = changes({ '/f': file('hello'), '/d': dir(), '/h': { ...file(''), type: 'hardlink', data: undefined, target: '/f' } });
    const byPath = new Map(tarEntriesFromChanges(c).map((e) => [e.path, e]));
    expect(byPath.get('f')!.size).toBe(5);
    expect(byPath.get('d')!.size).toBe(0);
    expect(byPath.get('h')).toMatchObject({ type: 'hardlink', linkname: 'f', size: 0 });
  });

  it('round-trips entries, whiteouts and opaque dirs', () => {
    const c = changes(
      { '/a': dir(), '/a/f': file('x'), '/b': dir(0o700), '/b/l': link('../a/f'), '/a/h': { ...dir(), type: 'hardlink', target: '/a/f' } },
      ['/a/gone', '/z'],
      ['/b', '/'],
    );
    const back = layerChangesFromTar(tarEntriesFromChanges(c));
    expect(back.entries).toEqual(c.entries);
    expect([...back.whiteouts].sort()).toEqual([...c.whiteouts].sort());
    expect([...back.opaque].sort()).toEqual([...c.opaque].sort());
  });
});
