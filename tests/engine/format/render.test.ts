// Golden tests of docker's output shapes, from a fixed clock and fixed inputs.
import { describe, expect, it } from 'vitest';
import { commitContainer } from '../../../src/engine/commit';
import { createContainer } from '../../../src/engine/containers';
import { imageHistory } from '../../../src/engine/history';
import { removeImage } from '../../../src/engine/rmi';
import { renderDiff, renderHistory, renderImages, renderRmi } from '../../../src/engine/format/render';
import { fixedEnv, newEngine, nginxLike } from '../helpers';

const enc = new TextEncoder();

async function scenario() {
  const engine = await newEngine();
  const env = engine.env as ReturnType<typeof fixedEnv>;
  const base = await nginxLike(engine);
  const c = await createContainer(engine, { image: 'nginx', name: 'webserver' });
  const fs = await engine.openContainer(c.id);
  fs.writeFile('/usr/share/nginx/html/index.html', enc.encode('<h1>Hello, Docker!</h1>\n'));
  env.tick(54_000);
  const v2 = await commitContainer(engine, 'webserver', { reference: 'nginx:v2', author: 'jeffery', message: 'changed the default page' });
  env.tick(9_000);
  return { engine, base, v2, c, now: engine.now() };
}

describe('docker output', () => {
  it('history', async () => {
    const { engine, base, v2, now } = await scenario();
    const out = renderHistory(await imageHistory(engine, 'nginx:v2'), now);
    expect(out).toBe([
      'IMAGE          CREATED         CREATED BY                             SIZE      COMMENT',
      `${v2.id.slice(7, 19)}   9 seconds ago   nginx -g daemon off;                   24B       changed the default page`,
      `${base.id.slice(7, 19)}   6 weeks ago     /bin/sh -c apt-get install nginx       47B       `,
      '<missing>      6 weeks ago     /bin/sh -c #(nop) ADD file:abc in /    20B       ',
      '',
    ].join('\n'));
    const raw = renderHistory(await imageHistory(engine, 'nginx:v2'), now, { human: false, noTrunc: true });
    expect(raw.split('\n')[1]).toContain(`${v2.id}   2024-01-01T00:00:54Z`);
    expect(raw.split('\n')[1]).toMatch(/ 24 +changed/);
  });

  it('images, with a filter, -q and dangling images', async () => {
    const { engine, base, v2, now } = await scenario();
    expect(renderImages(await engine.listImages(), now, { filter: 'nginx' })).toBe([
      'REPOSITORY   TAG       IMAGE ID       CREATED         SIZE',
      `nginx        v2        ${v2.id.slice(7, 19)}   9 seconds ago   91B`,
      `nginx        latest    ${base.id.slice(7, 19)}   6 weeks ago     67B`,
      '',
    ].join('\n'));
    expect(renderImages(await engine.listImages(), now, { quiet: true })).toBe(`${v2.id.slice(7, 19)}\n${base.id.slice(7, 19)}\n`);
    await engine.tag('nginx:v2', 'nginx:v3');
    await removeImage(engine, 'nginx:v2');
    expect(renderImages(await engine.listImages(), now)).toContain('nginx        v3 ');
  });

  it('rmi and diff', async () => {
    const { engine, v2, c } = await scenario();
    const fs = await engine.openContainer(c.id);
    expect(renderDiff(fs.diff())).toBe('C /usr\nC /usr/share\nC /usr/share/nginx\nC /usr/share/nginx/html\nC /usr/share/nginx/html/index.html\n');
    const out = renderRmi(await removeImage(engine, 'nginx:v2'));
    expect(out.split('\n')[0]).toBe('Untagged: nginx:v2');
    expect(out.split('\n')[1]).toBe(`Deleted: ${v2.id}`);
    expect(out.split('\n')).toHaveLength(4);
  });
});
