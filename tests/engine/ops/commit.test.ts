import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { commitContainer } from '../../../src/engine/commit';
import { createContainer, removeContainer, setState } from '../../../src/engine/containers';
import { Engine } from '../../../src/engine/engine';
import { EngineError } from '../../../src/engine/errors';
import { imageHistory } from '../../../src/engine/history';
import { openLayerBlob } from '../../../src/engine/layers';
import { openIdbStore } from '../../../src/engine/store/idb';
import { createMemoryStore } from '../../../src/engine/store/memory';
import { changes, dir, file, fixedEnv, makeImage, newEngine, nginxLike } from '../helpers';

const enc = new TextEncoder();
const dec = new TextDecoder();

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    return e instanceof EngineError ? e.code : String(e);
  }
  return undefined;
}

describe('docker commit', () => {
  it('makes one new layer from the writable layer, with a history entry', async () => {
    const engine = await newEngine();
    const base = await nginxLike(engine);
    const c = await createContainer(engine, { image: 'nginx', name: 'webserver' });
    await setState(engine, c.id, 'start');
    const fs = await engine.openContainer(c.id);
    fs.writeFile('/usr/share/nginx/html/index.html', enc.encode('<h1>Hello, Docker!</h1>\n'));
    fs.unlink('/etc/nginx/nginx.conf');
    fs.writeFile('/etc/hosts', enc.encode('edited generated hosts'));
    const img = await commitContainer(engine, 'webserver', { reference: 'nginx:v2', author: 'jeffery', message: 'changed the page' });

    expect(img.layers).toHaveLength(3);
    expect(img.parent).toBe(base.id);
    const { config, raw } = await engine.configOf(img);
    expect(config.history!.at(-1)).toMatchObject({ created_by: 'nginx -g daemon off;', author: 'jeffery', comment: 'changed the page' });
    expect(config.config!.Cmd).toEqual(['nginx', '-g', 'daemon off;']);
    // The image ID is the sha256 of the raw config bytes.
    const { sha256Digest } = await import('../../../src/engine/archive/digest');
    expect(await sha256Digest(raw)).toBe(img.id);

    // The layer holds the change and a whiteout, but not the generated /etc/hosts.
    const rec = (await engine.layerRecords(img))[2];
    const { changes: layer } = await openLayerBlob(await engine.store.blobs.get(rec.digest), { digest: rec.digest, diffID: rec.diffID });
    expect([...layer.whiteouts]).toEqual(['/etc/nginx/nginx.conf']);
    expect([...layer.entries.keys()].sort()).toEqual(['/etc', '/etc/nginx', '/usr', '/usr/share', '/usr/share/nginx', '/usr/share/nginx/html', '/usr/share/nginx/html/index.html']);
    expect(rec.size).toBe(enc.encode('<h1>Hello, Docker!</h1>\n').length);

    // The container keeps running.
    expect((await engine.store.meta.get('containers', c.id))!.state).toBe('running');
    const tree = await engine.mergedTree(img);
    expect(dec.decode(tree.get('/usr/share/nginx/html/index.html')!.data)).toBe('<h1>Hello, Docker!</h1>\n');
    expect(tree.get('/etc/nginx/nginx.conf')).toBeUndefined();
  });

  it('gives the same digests for the same change', async () => {
    const digests: string[] = [];
    for (let i = 0; i < 2; i++) {
      const engine = await newEngine();
      await nginxLike(engine);
      const c = await createContainer(engine, { image: 'nginx' });
      (await engine.openContainer(c.id)).writeFile('/root/f', enc.encode('same'));
      const img = await commitContainer(engine, c.id);
      digests.push(img.id, ...(await engine.layerRecords(img)).map((l) => l.digest));
    }
    expect(digests.slice(0, 4)).toEqual(digests.slice(4));
  });

  it('applies --change lines and records an empty layer when nothing changed', async () => {
    const engine = await newEngine();
    await nginxLike(engine);
    const c = await createContainer(engine, { image: 'nginx' });
    const img = await commitContainer(engine, c.id, { changes: ['ENV A=1 B=2', 'EXPOSE 8080', 'CMD ["sh"]', 'WORKDIR /srv', 'LABEL k=v', 'USER www'] });
    expect(img.layers).toHaveLength(2);
    const { config } = await engine.configOf(img);
    expect(config.history!.at(-1)!.empty_layer).toBe(true);
    expect(config.config).toMatchObject({ Cmd: ['sh'], WorkingDir: '/srv', User: 'www', Labels: { k: 'v' } });
    expect(config.config!.Env).toEqual(expect.arrayContaining(['A=1', 'B=2']));
    expect(Object.keys(config.config!.ExposedPorts!)).toEqual(['80/tcp', '8080/tcp']);
    expect(await codeOf(commitContainer(engine, c.id, { changes: ['RUN rm -rf /'] }))).toBe('INVALID_CHANGE');
  });

  it('refuses a 128th layer with "max depth exceeded" and writes nothing', async () => {
    const engine = await newEngine();
    const layers = Array.from({ length: 127 }, (_, i) => ({ createdBy: `layer ${i}`, changes: changes({ [`/f${i}`]: file(String(i)) }) }));
    layers[0].changes.entries.set('/bin', dir());
    await makeImage(engine, 'deep:latest', layers);
    const c = await createContainer(engine, { image: 'deep' });
    (await engine.openContainer(c.id)).writeFile('/one-more', enc.encode('x'));
    const before = (await engine.store.blobs.list()).length;
    const err = await commitContainer(engine, c.id, { reference: 'deeper' }).catch((e: EngineError) => e);
    expect((err as EngineError).code).toBe('MAX_DEPTH');
    expect((err as EngineError).message).toBe('max depth exceeded');
    expect((await engine.store.blobs.list()).length).toBe(before);
    expect(await engine.listImages()).toHaveLength(1);
  });

  it('keeps volumes out of commits and seeds them from the image', async () => {
    const engine = await newEngine();
    await makeImage(engine, 'mysql:latest', [{ createdBy: 'base', changes: changes({ '/var': dir(), '/var/lib': dir(), '/var/lib/mysql': dir(), '/var/lib/mysql/ibdata': file('seed') }) }], { Cmd: ['mysqld'], Volumes: { '/var/lib/mysql': {} } });
    const c = await createContainer(engine, { image: 'mysql', volumes: ['data:/data'] });
    const fs = await engine.openContainer(c.id);
    expect(dec.decode(fs.readFile('/var/lib/mysql/ibdata'))).toBe('seed');
    fs.writeFile('/var/lib/mysql/table', enc.encode('rows'));
    fs.writeFile('/data/x', enc.encode('named'));
    expect(fs.diff()).toEqual([]);
    const img = await commitContainer(engine, c.id);
    expect(img.layers).toHaveLength(1);
    expect((await engine.store.meta.all('volumes')).map((v) => v.anonymous).sort()).toEqual([false, true]);
  });
});

describe('docker history', () => {
  it('lists entries newest first, with <missing> where no local image stands for them', async () => {
    const engine = await newEngine();
    const base = await nginxLike(engine);
    const c = await createContainer(engine, { image: 'nginx' });
    (await engine.openContainer(c.id)).writeFile('/root/x', enc.encode('12345'));
    const img = await commitContainer(engine, c.id, { reference: 'nginx:v2', message: 'msg' });
    const rows = await imageHistory(engine, 'nginx:v2');
    expect(rows.map((r) => r.id)).toEqual([img.id, base.id, '<missing>']);
    expect(rows[0]).toMatchObject({ createdBy: 'nginx -g daemon off;', size: 5, comment: 'msg', tags: ['nginx:v2'] });
    expect(rows[1].tags).toEqual(['nginx:latest']);
  });
});

describe('containers', () => {
  it('have 64-hex ids, generated names and docker errors', async () => {
    const engine = await newEngine();
    await nginxLike(engine);
    const c = await createContainer(engine, { image: 'nginx' });
    expect(c.id).toMatch(/^[0-9a-f]{64}$/);
    expect(c.name).toMatch(/^[a-z]+_[a-z]+$/);
    expect(c.state).toBe('created');
    await createContainer(engine, { image: 'nginx', name: 'web' });
    expect(await codeOf(createContainer(engine, { image: 'nginx', name: 'web' }))).toBe('NAME_CONFLICT');
    expect(await codeOf(createContainer(engine, { image: 'nope' }))).toBe('NO_SUCH_IMAGE');
    await setState(engine, 'web', 'start');
    expect(await codeOf(removeContainer(engine, 'web'))).toBe('CONTAINER_RUNNING');
    await setState(engine, 'web', 'pause');
    expect((await engine.store.meta.get('containers', (await engine.store.meta.all('containers')).find((x) => x.name === 'web')!.id))!.state).toBe('paused');
    await removeContainer(engine, 'web', { force: true });
    expect(await codeOf(setState(engine, 'web', 'start'))).toBe('NO_SUCH_CONTAINER');
  });

  it('keep their writable layer across a reopen of the IndexedDB store', async () => {
    const name = `persist-${Math.random()}`;
    let engine = await Engine.open(await openIdbStore({ name }), fixedEnv());
    await nginxLike(engine);
    const c = await createContainer(engine, { image: 'nginx', name: 'keep' });
    const fs = await engine.openContainer(c.id);
    fs.writeFile('/root/notes', enc.encode('remember me'));
    // The generated /etc/hosts is a mount: like docker, removing it is "Device or resource busy".
    expect(() => fs.unlink('/etc/hosts')).toThrow(/EBUSY/);
    await fs.flush();
    engine.store.close();

    engine = await Engine.open(await openIdbStore({ name }), fixedEnv());
    const again = await engine.openContainer('keep');
    expect(dec.decode(again.readFile('/root/notes'))).toBe('remember me');
    expect(again.diff().map((d) => `${d.kind} ${d.path}`)).toEqual(['C /root', 'A /root/notes']);
  });
});

describe('quota', () => {
  it('fails a commit cleanly when storage is full', async () => {
    const store = createMemoryStore();
    const engine = await Engine.open(store, fixedEnv());
    await nginxLike(engine);
    const c = await createContainer(engine, { image: 'nginx' });
    const fs = await engine.openContainer(c.id);
    const big = new Uint8Array(2_000_000);
    for (let i = 0; i < big.length; i++) big[i] = (i * 2654435761) >>> 24;
    fs.writeFile('/root/big', big);
    store.quotaBytes = store.usedBytes() + 1000;
    const before = { blobs: await store.blobs.list(), images: await store.meta.all('images') };
    expect(await codeOf(commitContainer(engine, c.id, { reference: 'big' }))).toBe('QUOTA_EXCEEDED');
    expect(await store.blobs.list()).toEqual(before.blobs);
    expect(await store.meta.all('images')).toEqual(before.images);
  });
});
