// Checked against real tools: what we save, skopeo and umoci read; what they write, we load.
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTar, type TarEntry } from '../../src/engine/archive/tar';
import { commitContainer } from '../../src/engine/commit';
import { createContainer } from '../../src/engine/containers';
import type { Engine } from '../../src/engine/engine';
import { importImage } from '../../src/engine/exportimport';
import { imageHistory } from '../../src/engine/history';
import { loadImages, saveImages } from '../../src/engine/saveload';
import type { ReadTree } from '../../src/engine/union/types';
import { newEngine } from './helpers';

for (const tool of ['skopeo', 'umoci', 'tar']) {
  if (!existsSync(`/usr/bin/${tool}`) && !existsSync(`/bin/${tool}`)) {
    // Never skip: a missing tool fails the run with what to install.
    throw new Error(`interop tests need Debian's ${tool} (apt-get install ${tool})`);
  }
}

const enc = new TextEncoder();
let work: string;
const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'layerlab-interop-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

type Node = { type: string; mode?: number; content?: string; target?: string };

/** A directory on disk as path -> node (modes of files and dirs, contents, link targets). */
function diskTree(root: string): Map<string, Node> {
  const out = new Map<string, Node>();
  const visit = (abs: string, rel: string) => {
    for (const name of readdirSync(abs).sort()) {
      const a = join(abs, name);
      const r = `${rel}/${name}`;
      const st = lstatSync(a);
      if (st.isSymbolicLink()) out.set(r, { type: 'symlink', target: readlinkSync(a) });
      else if (st.isDirectory()) {
        out.set(r, { type: 'dir', mode: st.mode & 0o7777 });
        visit(a, r);
      } else out.set(r, { type: 'file', mode: st.mode & 0o7777, content: readFileSync(a, 'utf8') });
    }
  };
  visit(root, '');
  return out;
}

function engineTree(tree: ReadTree): Map<string, Node> {
  const out = new Map<string, Node>();
  const visit = (dir: string) => {
    for (const name of tree.children(dir)) {
      const p = dir === '/' ? `/${name}` : `${dir}/${name}`;
      const e = tree.get(p)!;
      if (e.type === 'symlink') out.set(p, { type: 'symlink', target: e.target });
      else if (e.type === 'dir') {
        out.set(p, { type: 'dir', mode: e.mode });
        visit(p);
      } else {
        const c = e.type === 'hardlink' ? tree.get(e.target!)! : e;
        out.set(p, { type: 'file', mode: c.mode, content: new TextDecoder().decode(c.data) });
      }
    }
  };
  visit('/');
  return out;
}

const t = (path: string, type: TarEntry['type'], extra: Partial<TarEntry> = {}): TarEntry => ({ path, type, mode: type === 'dir' ? 0o755 : 0o644, uid: 0, gid: 0, mtime: 1_700_000_000, size: 0, ...extra });
const tf = (path: string, text: string, mode = 0o644): TarEntry => t(path, 'file', { data: enc.encode(text), size: enc.encode(text).length, mode });

async function engineImage(engine: Engine) {
  const base = writeTar([
    t('bin', 'dir'), tf('bin/sh', '#!toy\n', 0o755), t('etc', 'dir'), tf('etc/os-release', 'NAME=Toy\n'), tf('etc/motd', 'hello\n'),
    t('srv', 'dir'), t('srv/old', 'dir'), tf('srv/old/a', 'a'), tf('srv/old/b', 'b'), t('var', 'dir'), t('var/www', 'dir'), tf('var/www/index.html', 'welcome\n'),
    t('opt', 'dir'), tf('opt/keep', 'k'), t('usr', 'dir'), t('usr/bin', 'dir'), t('usr/bin/sh', 'symlink', { linkname: '/bin/sh', mode: 0o777 }),
  ]);
  await importImage(engine, base, { reference: 'toy:base', changes: ['CMD ["/bin/sh"]'] });
  const c = await createContainer(engine, { image: 'toy:base' });
  const fs = await engine.openContainer(c.id);
  fs.writeFile('/var/www/index.html', enc.encode('<h1>Hello, Docker!</h1>\n'));
  fs.unlink('/etc/motd');
  fs.rm('/srv/old', { recursive: true });
  fs.mkdir('/srv/new');
  fs.writeFile('/srv/new/file', enc.encode('new'));
  fs.rm('/opt', { recursive: true });
  fs.mkdir('/opt'); // re-created over a deleted dir: opaque
  fs.writeFile('/opt/fresh', enc.encode('fresh'));
  return commitContainer(engine, c.id, { reference: 'toy:v2', message: 'changed' });
}

describe('what Layerlab saves, real tools read', () => {
  it('passes skopeo inspect/copy and unpacks with umoci to the same tree', async () => {
    const engine = await newEngine();
    const img = await engineImage(engine);
    const tarPath = join(work, 'save.tar');
    writeFileSync(tarPath, await saveImages(engine, ['toy:v2']));

    const inspect = JSON.parse(run('skopeo', ['inspect', `docker-archive:${tarPath}`]));
    expect(inspect.Layers).toEqual(img.layers);
    run('skopeo', ['copy', `docker-archive:${tarPath}`, `oci:${join(work, 'skopeo-oci')}:v2`]);
    const cfg = JSON.parse(run('skopeo', ['inspect', '--config', `oci:${join(work, 'skopeo-oci')}:v2`]));
    expect(cfg.rootfs.diff_ids).toEqual(img.layers);

    const layout = join(work, 'layout');
    mkdirSync(layout);
    run('tar', ['-xf', tarPath, '-C', layout]);
    const bundle = join(work, 'bundle');
    run('umoci', ['unpack', '--rootless', '--image', `${layout}:v2`, bundle]);
    const theirs = diskTree(join(bundle, 'rootfs'));
    const ours = engineTree(await engine.mergedTree(img));
    expect(theirs).toEqual(ours);
    expect(ours.has('/etc/motd')).toBe(false);
    expect(ours.has('/opt/keep')).toBe(false);
  });
});

describe('what real tools write, Layerlab loads', () => {
  it('loads an umoci image (with a whiteout) and skopeo\'s docker-archive of it', async () => {
    const layout = join(work, 'umoci-layout');
    const bundle = join(work, 'umoci-bundle');
    run('umoci', ['init', '--layout', layout]);
    run('umoci', ['new', '--image', `${layout}:t`]);
    const edit = (f: (root: string) => void) => {
      rmSync(bundle, { recursive: true, force: true });
      run('umoci', ['unpack', '--rootless', '--image', `${layout}:t`, bundle]);
      f(join(bundle, 'rootfs'));
      run('umoci', ['repack', '--image', `${layout}:t`, bundle]);
    };
    edit((r) => {
      mkdirSync(join(r, 'etc'));
      writeFileSync(join(r, 'etc/motd'), 'first\n');
      writeFileSync(join(r, 'etc/gone'), 'to be deleted\n');
      mkdirSync(join(r, 'data/sub'), { recursive: true });
      writeFileSync(join(r, 'data/sub/x'), 'x');
    });
    edit((r) => {
      writeFileSync(join(r, 'etc/motd'), 'second\n');
      unlinkSync(join(r, 'etc/gone'));
      symlinkSync('/etc/motd', join(r, 'motd-link'));
    });
    edit((r) => {
      rmSync(join(r, 'data'), { recursive: true });
      writeFileSync(join(r, 'top'), 'top');
    });
    run('umoci', ['config', '--image', `${layout}:t`, '--config.cmd', '/bin/sh']);
    rmSync(bundle, { recursive: true, force: true });
    run('umoci', ['unpack', '--rootless', '--image', `${layout}:t`, bundle]);
    const expected = diskTree(join(bundle, 'rootfs'));

    const layoutTar = join(work, 'umoci.tar');
    run('tar', ['-cf', layoutTar, '-C', layout, '.']);
    const engine = await newEngine();
    const res = await loadImages(engine, new Uint8Array(readFileSync(layoutTar)));
    expect(res.loaded).toHaveLength(1);
    const img = await engine.getImage(res.loaded[0].id);
    const theirConfig = JSON.parse(run('skopeo', ['inspect', '--config', `oci:${layout}:t`]));
    expect(img.layers).toEqual(theirConfig.rootfs.diff_ids);
    expect(engineTree(await engine.mergedTree(img))).toEqual(expected);
    expect(expected.has('/etc/gone')).toBe(false);
    const history = await imageHistory(engine, img.id);
    expect(history.length).toBeGreaterThanOrEqual(3);

    const archive = join(work, 'from-skopeo.tar');
    run('skopeo', ['copy', `oci:${layout}:t`, `docker-archive:${archive}:umoci/made:t`]);
    const engine2 = await newEngine();
    const res2 = await loadImages(engine2, new Uint8Array(readFileSync(archive)));
    expect(res2.lines).toEqual(['Loaded image: umoci/made:t']);
    const configPath = JSON.parse(run('tar', ['-xOf', archive, 'manifest.json']))[0].Config as string;
    expect(res2.loaded[0].id).toBe(`sha256:${configPath.replace(/^blobs\/sha256\//, '').replace(/\.json$/, '')}`);
    expect(engineTree(await engine2.mergedTree(await engine2.getImage(res2.loaded[0].id)))).toEqual(expected);
  });
});
