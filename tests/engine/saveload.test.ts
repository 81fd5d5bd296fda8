import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { sha256Digest } from '../../src/engine/archive/digest';
import { gzipDeterministic } from '../../src/engine/archive/gzip';
import { readTar, writeTar, type TarEntry } from '../../src/engine/archive/tar';
import { commitContainer } from '../../src/engine/commit';
import { createContainer } from '../../src/engine/containers';
import type { Engine } from '../../src/engine/engine';
import { EngineError } from '../../src/engine/errors';
import { exportContainer, importImage } from '../../src/engine/exportimport';
import { imageHistory } from '../../src/engine/history';
import { loadImages, saveImages } from '../../src/engine/saveload';
import { newEngine } from './helpers';

const enc = new TextEncoder();
const dec = new TextDecoder();
const t = (path: string, type: TarEntry['type'], extra: Partial<TarEntry> = {}): TarEntry => ({ path, type, mode: type === 'dir' ? 0o755 : 0o644, uid: 0, gid: 0, mtime: 1_700_000_000, size: 0, ...extra });
const tf = (path: string, text: string): TarEntry => t(path, 'file', { data: enc.encode(text), size: text.length });

async function twoLayerImage(engine: Engine) {
  await importImage(engine, writeTar([t('etc', 'dir'), tf('etc/a', 'a'), tf('etc/b', 'b'), t('data', 'dir')]), { reference: 'demo:base', changes: ['CMD ["sh"]', 'VOLUME /data'] });
  const c = await createContainer(engine, { image: 'demo:base', name: 'box' });
  const fs = await engine.openContainer(c.id);
  fs.writeFile('/etc/a', enc.encode('changed'));
  fs.unlink('/etc/b');
  fs.writeFile('/data/in-volume', enc.encode('not committed'));
  return commitContainer(engine, 'box', { reference: 'demo:v2', message: 'edit' });
}

async function snapshot(engine: Engine) {
  const tables = await Promise.all((['images', 'tags', 'layers', 'containers', 'volumes'] as const).map((n) => engine.store.meta.all(n)));
  return { tables, blobs: await engine.store.blobs.list() };
}

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    return e instanceof EngineError ? e.code : String(e);
  }
  return undefined;
}

/** Rewrite a saved tar: `edit` gets every entry and returns the entries to keep. */
function rewrite(tar: Uint8Array, edit: (entries: TarEntry[]) => TarEntry[]): Uint8Array {
  return writeTar(edit(readTar(tar).map((e) => ({ ...e, data: e.data && new Uint8Array(e.data) }))));
}

describe('docker save / load', () => {
  it('round-trips images, layers, history and files into a fresh store', async () => {
    const a = await newEngine();
    const img = await twoLayerImage(a);
    const tar = await saveImages(a, ['demo:v2']);
    expect(await saveImages(a, ['demo:v2'])).toEqual(tar); // deterministic
    const names = readTar(tar).map((e) => e.path);
    expect(names).toEqual(expect.arrayContaining(['manifest.json', 'index.json', 'oci-layout', 'repositories', `blobs/sha256/${img.id.slice(7)}`]));

    const b = await newEngine();
    const res = await loadImages(b, tar);
    expect(res.lines).toEqual(['Loaded image: demo:v2']);
    const loaded = await b.getImage(res.loaded[0].id);
    expect(loaded.id).toBe(img.id);
    expect(loaded.layers).toEqual(img.layers);
    expect((await imageHistory(b, 'demo:v2')).map((h) => [h.createdBy, h.comment])).toEqual((await imageHistory(a, 'demo:v2')).map((h) => [h.createdBy, h.comment]));
    const tree = await b.mergedTree(loaded);
    expect(dec.decode(tree.get('/etc/a')!.data)).toBe('changed');
    expect(tree.get('/etc/b')).toBeUndefined();
    // Loading again changes nothing.
    const before = await snapshot(b);
    await loadImages(b, tar);
    expect(await snapshot(b)).toEqual(before);
  });

  it('loads gzipped saves, each layout alone, and the legacy <id>/layer.tar layout', async () => {
    const a = await newEngine();
    const img = await twoLayerImage(a);
    const tar = await saveImages(a, ['demo:v2']);
    const variants = {
      gzip: gzipSync(tar),
      dockerOnly: rewrite(tar, (es) => es.filter((e) => e.path !== 'index.json' && e.path !== 'oci-layout')),
      ociOnly: rewrite(tar, (es) => es.filter((e) => e.path !== 'manifest.json' && e.path !== 'repositories')),
    };
    for (const [name, bytes] of Object.entries(variants)) {
      const b = await newEngine();
      const res = await loadImages(b, bytes);
      expect(res.loaded[0].id, name).toBe(img.id);
    }
    // Legacy: each layer in <id>/layer.tar, config as <hex>.json, gzip layers allowed.
    const entries = readTar(tar);
    const manifest = JSON.parse(dec.decode(entries.find((e) => e.path === 'manifest.json')!.data));
    const legacy: TarEntry[] = [];
    const layers: string[] = [];
    manifest[0].Layers.forEach((p: string, i: number) => {
      const data = gzipDeterministic(entries.find((e) => e.path === p)!.data!);
      legacy.push(t(`layer${i}`, 'dir'), t(`layer${i}/layer.tar`, 'file', { data, size: data.length }));
      layers.push(`layer${i}/layer.tar`);
    });
    const cfg = entries.find((e) => e.path === manifest[0].Config)!.data!;
    legacy.push(t(`${img.id.slice(7)}.json`, 'file', { data: cfg, size: cfg.length }));
    const m = enc.encode(JSON.stringify([{ Config: `${img.id.slice(7)}.json`, RepoTags: ['old/style:1'], Layers: layers }]));
    legacy.push(t('manifest.json', 'file', { data: m, size: m.length }));
    const b = await newEngine();
    const res = await loadImages(b, writeTar(legacy));
    expect(res.loaded[0]).toEqual({ id: img.id, tags: ['old/style:1'] });
  });

  it.each([
    ['a truncated tar', (tar: Uint8Array) => tar.subarray(0, Math.floor(tar.length / 2) + 100), 'BAD_TAR'],
    ['a flipped byte in a layer', (tar: Uint8Array) => rewrite(tar, (es) => {
      const l = es.find((e) => e.path.startsWith('blobs/') && e.data && dec.decode(e.data).includes('changed'))!;
      l.data![l.data!.length - 1100] ^= 1;
      return es;
    }), 'DIGEST_MISMATCH'],
    ['config diff_ids that do not match', (tar: Uint8Array) => rewrite(tar, (es) => {
      const man = JSON.parse(dec.decode(es.find((e) => e.path === 'manifest.json')!.data));
      man[0].Layers.reverse();
      const bytes = enc.encode(JSON.stringify(man));
      return es.filter((e) => e.path !== 'index.json').map((e) => (e.path === 'manifest.json' ? { ...e, data: bytes, size: bytes.length } : e));
    }), 'DIGEST_MISMATCH'],
  ] as const)('refuses %s and leaves the store unchanged', async (_n, mangle, code) => {
    const a = await newEngine();
    await twoLayerImage(a);
    const tar = await saveImages(a, ['demo:v2']);
    const b = await newEngine();
    await importImage(b, writeTar([tf('x', 'x')]), { reference: 'already:here' });
    const before = await snapshot(b);
    expect(await codeOf(loadImages(b, mangle(tar)))).toBe(code);
    expect(await snapshot(b)).toEqual(before);
  });

  async function archiveWithLayer(layer: Uint8Array): Promise<Uint8Array> {
    const diffID = await sha256Digest(layer);
    const cfg = enc.encode(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [diffID] }, history: [{ created_by: 'evil' }] }));
    const cfgHex = (await sha256Digest(cfg)).slice(7);
    const m = enc.encode(JSON.stringify([{ Config: `${cfgHex}.json`, RepoTags: ['evil:1'], Layers: ['l/layer.tar'] }]));
    return writeTar([tf('manifest.json', dec.decode(m)), t(`${cfgHex}.json`, 'file', { data: cfg, size: cfg.length }), t('l', 'dir'), t('l/layer.tar', 'file', { data: layer, size: layer.length })]);
  }

  it.each([
    ['a path with ..', () => writeTar([tf('../escape', 'x')]), 'UNSAFE_PATH'],
    ['an absolute path', () => writeTar([tf('/etc/passwd', 'x')]), 'UNSAFE_PATH'],
    ['a hard link out of the root', () => writeTar([t('h', 'hardlink', { linkname: '../../etc/shadow' })]), 'UNSAFE_PATH'],
    ['a file written through a symlink', () => writeTar([t('evil', 'symlink', { linkname: '/etc' }), tf('evil/passwd', 'root::0:0')]), 'UNSAFE_PATH'],
    ['a gzip bomb', () => gzipSync(new Uint8Array(200_000_000), { level: 9 }), 'GZIP_BOMB'],
  ])('refuses a layer with %s', async (_n, makeLayer, code) => {
    // writeTar refuses nothing, so hostile names go straight into the layer tar.
    const b = await newEngine();
    const before = await snapshot(b);
    expect(await codeOf(loadImages(b, await archiveWithLayer(makeLayer())))).toBe(code);
    expect(await snapshot(b)).toEqual(before);
  }, 60_000);
});

describe('docker export / import', () => {
  it('exports the flat filesystem without volumes or whiteouts, and imports it as one layer', async () => {
    const a = await newEngine();
    await twoLayerImage(a);
    const names = readTar(await exportContainer(a, 'box')).map((e) => e.path);
    expect(names).toEqual(['data', 'etc', 'etc/a']);
    const img = await importImage(a, await exportContainer(a, 'box'), { reference: 'flat:1', message: 'flattened' });
    expect(img.layers).toHaveLength(1);
    const h = await imageHistory(a, 'flat:1');
    expect(h.map((r) => r.comment)).toEqual(['flattened']);
  });
});
