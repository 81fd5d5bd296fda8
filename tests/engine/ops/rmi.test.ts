import { describe, expect, it } from 'vitest';
import { commitContainer } from '../../../src/engine/commit';
import { createContainer, removeContainer, setState } from '../../../src/engine/containers';
import { EngineError } from '../../../src/engine/errors';
import { shortId } from '../../../src/engine/format/ids';
import { removeImage } from '../../../src/engine/rmi';
import { newEngine, nginxLike } from '../helpers';

const enc = new TextEncoder();

async function errorOf(p: Promise<unknown>): Promise<EngineError> {
  try {
    await p;
  } catch (e) {
    return e as EngineError;
  }
  throw new Error('expected an error');
}

describe('docker tag and rmi', () => {
  it('untags when other names remain, deletes with the last one, and releases unshared layers', async () => {
    const engine = await newEngine();
    const base = await nginxLike(engine);
    await engine.tag('nginx', 'web:1');
    expect((await engine.listImages())[0].tags).toEqual(['nginx:latest', 'web:1']);
    expect(await removeImage(engine, 'web:1')).toEqual([{ kind: 'Untagged', ref: 'web:1' }]);

    const c = await createContainer(engine, { image: 'nginx' });
    (await engine.openContainer(c.id)).writeFile('/root/x', enc.encode('x'));
    const v2 = await commitContainer(engine, c.id, { reference: 'nginx:v2' });
    const blobsBefore = (await engine.store.blobs.list()).length;
    const lines = await removeImage(engine, 'nginx:v2');
    expect(lines[0]).toEqual({ kind: 'Untagged', ref: 'nginx:v2' });
    expect(lines[1]).toEqual({ kind: 'Deleted', id: v2.id });
    // Only the commit's own layer is released; the shared base layers stay.
    expect(lines.filter((l) => l.kind === 'Deleted')).toHaveLength(2);
    expect((await engine.store.blobs.list()).length).toBe(blobsBefore - 3); // layer, config, manifest
    expect((await engine.mergedTree(base)).get('/usr/share/nginx/html/index.html')).toBeDefined();
  });

  it('reports docker conflicts', async () => {
    const engine = await newEngine();
    const img = await nginxLike(engine);
    const c = await createContainer(engine, { image: 'nginx', name: 'web' });
    let e = await errorOf(removeImage(engine, 'nginx'));
    expect(e.code).toBe('IMAGE_CONFLICT');
    expect(e.message).toBe(`conflict: unable to remove repository reference "nginx" (must force) - container ${shortId(c.id)} is using its referenced image ${shortId(img.id)}`);
    await setState(engine, 'web', 'start');
    e = await errorOf(removeImage(engine, shortId(img.id), { force: true }));
    expect(e.message).toBe(`conflict: unable to delete ${shortId(img.id)} (cannot be forced) - image is being used by running container ${shortId(c.id)}`);
    await setState(engine, 'web', 'stop');
    e = await errorOf(removeImage(engine, shortId(img.id)));
    expect(e.message).toBe(`conflict: unable to delete ${shortId(img.id)} (must be forced) - image is being used by stopped container ${shortId(c.id)}`);
    await engine.tag('nginx', 'other');
    await removeContainer(engine, 'web');
    e = await errorOf(removeImage(engine, img.id));
    expect(e.message).toBe(`conflict: unable to delete ${shortId(img.id)} (must be forced) - image is referenced in multiple repositories`);
    const lines = await removeImage(engine, img.id, { force: true });
    expect(lines.map((l) => l.kind)).toEqual(['Untagged', 'Untagged', 'Deleted', 'Deleted', 'Deleted']);
    expect(await engine.store.blobs.list()).toEqual([]);
    expect(await engine.store.meta.all('layers')).toEqual([]);
  });

  it('refuses to delete an image with dependent children', async () => {
    const engine = await newEngine();
    const img = await nginxLike(engine);
    const c = await createContainer(engine, { image: 'nginx' });
    await commitContainer(engine, c.id, { reference: 'child' });
    await removeContainer(engine, c.id);
    const lines = await removeImage(engine, 'nginx');
    expect(lines).toEqual([{ kind: 'Untagged', ref: 'nginx:latest' }]);
    const e = await errorOf(removeImage(engine, img.id));
    expect(e.message).toBe(`conflict: unable to delete ${shortId(img.id)} (cannot be forced) - image has dependent child images`);
    // Deleting the child prunes the now-untagged parent too.
    const gone = await removeImage(engine, 'child');
    expect(gone.filter((l) => l.kind === 'Deleted').map((l) => (l as { id: string }).id)).toContain(img.id);
    expect(await engine.listImages()).toEqual([]);
  });
});
