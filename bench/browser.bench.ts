/**
 * Browser benchmarks, in Debian's Chromium against the built app: real IndexedDB.
 * Reopening a store of 50 images, to the first `images` listing on screen, as a
 * ratio to the same page with an empty store.
 */
import { freshProfile } from '../tests/browser/chromium';
import { serveDist } from '../tests/browser/server';
import { report } from './report';

const server = await serveDist();
try {
  const listed = async (ctx: Awaited<ReturnType<typeof freshProfile>>, rows: number) => {
    const page = await ctx.newPage();
    const t0 = performance.now();
    await page.goto(server.url);
    if (rows === 0) await page.getByTestId('images-empty').waitFor();
    else await page.waitForFunction((n) => document.querySelectorAll('[data-testid=images-table] tbody tr').length === n, rows);
    const ms = performance.now() - t0;
    await page.close();
    return ms;
  };

  const empty = await freshProfile();
  await listed(empty, 0); // warm-up: first start of the profile
  const emptyMs = Math.min(await listed(empty, 0), await listed(empty, 0));
  await empty.close();

  const full = await freshProfile();
  const page = await full.newPage();
  await page.goto(server.url);
  await page.waitForFunction(() => !!window.layerlab);
  await page.evaluate(async () => {
    const api = window.layerlab!.api;
    for (let i = 0; i < 50; i++) {
      await api.imageFromFiles(`img${i}:latest`, [
        { createdBy: 'base', files: { '/etc/': '', '/etc/os-release': 'NAME=Toy\n' } },
        { createdBy: `layer ${i}`, files: { [`/srv/file${i}`]: 'x'.repeat(1000 + i) } },
      ]);
    }
  });
  await page.close();
  const fullMs = Math.min(await listed(full, 50), await listed(full, 50));
  await full.close();
  report('reopen a store of 50 images to first listing (Chromium)', `${fullMs.toFixed(1)} ms`, fullMs / emptyMs, `of an empty store (${emptyMs.toFixed(1)} ms)`, '');
} finally {
  await server.close();
}
