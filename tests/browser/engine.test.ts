// The engine in the real browser: real IndexedDB, survives a reload, shown in the page.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { freshProfile, watchErrors } from './chromium';

let ctx: BrowserContext;
let page: Page;
let errors: string[];
const url = inject('appUrl');

beforeAll(async () => {
  ctx = await freshProfile();
  page = await ctx.newPage();
  errors = watchErrors(page);
});
afterAll(async () => {
  await ctx?.close();
});

async function ready(p: Page) {
  await p.waitForFunction(() => !!window.layerlab, null, { timeout: 20_000 });
}

describe('the page and the engine in Chromium', () => {
  it('renders the app frame with an empty store', async () => {
    await page.goto(url);
    await ready(page);
    await expect(page.getByTestId('storage-status').textContent()).resolves.toMatch(/storage: (persistent|best-effort)/);
    await expect(page.getByTestId('images-empty').isVisible()).resolves.toBe(true);
    await page.screenshot({ path: 'test-results/app-empty.png' });
  });

  it('commits a container change into a real layer that survives a reload', async () => {
    const made = await page.evaluate(async () => {
      const api = window.layerlab!.api;
      const base = await api.imageFromFiles('nginx:latest', [
        { createdBy: '/bin/sh -c #(nop) ADD file:rootfs in /', files: { '/etc/': '', '/etc/os-release': 'NAME=Toy\n', '/usr/': '', '/usr/share/': '', '/usr/share/nginx/': '', '/usr/share/nginx/html/': '', '/usr/share/nginx/html/index.html': 'Welcome to nginx!\n' } },
      ], { Cmd: ['nginx', '-g', 'daemon off;'] });
      const c = await api.create({ image: 'nginx', name: 'webserver' });
      await api.start('webserver');
      const fs = await api.fs('webserver');
      fs.writeFile('/usr/share/nginx/html/index.html', new TextEncoder().encode('<h1>Hello, Docker!</h1>\n'));
      fs.writeFile('/root-note', new TextEncoder().encode('kept in the writable layer'));
      await fs.flush();
      const diff = (await api.diff('webserver')).map((d) => `${d.kind} ${d.path}`);
      const v2 = await api.commit('webserver', { reference: 'nginx:v2', author: 'me', message: 'hello page' });
      const history = (await api.history('nginx:v2')).map((h) => [h.id, h.createdBy, h.comment]);
      return { base: base.id, v2: v2.id, container: c.id, diff, history };
    });
    expect(made.diff).toEqual(['A /root-note', 'C /usr', 'C /usr/share', 'C /usr/share/nginx', 'C /usr/share/nginx/html', 'C /usr/share/nginx/html/index.html']);
    expect(made.history).toEqual([[made.v2, 'nginx -g daemon off;', 'hello page'], [made.base, '/bin/sh -c #(nop) ADD file:rootfs in /', '']]);

    await page.reload();
    await ready(page);
    const table = page.getByTestId('images-table');
    await table.waitFor();
    const text = await table.textContent();
    expect(text).toContain(made.v2.slice(7, 19));
    expect(text).toContain('nginx:v2');
    expect(await page.getByTestId('containers-table').textContent()).toContain('webserver');
    const after = await page.evaluate(async () => {
      const api = window.layerlab!.api;
      const fs = await api.fs('webserver');
      return { note: new TextDecoder().decode(fs.readFile('/root-note')), images: (await api.images()).map((i) => i.id) };
    });
    expect(after.note).toBe('kept in the writable layer');
    expect(after.images.sort()).toEqual([made.base, made.v2].sort());
    await page.screenshot({ path: 'test-results/app-images.png' });
    expect(errors).toEqual([]);
  });
});
