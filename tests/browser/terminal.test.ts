// Typing into the real terminal in Chromium: the host prompt, docker run -it, exit,
// docker diff, and the session surviving a reload.
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

// xterm's DOM renderer draws spaces as no-break spaces: match with \s.
const screen = () => page.locator('[data-testid=terminal] .xterm-rows').innerText();

async function typeLine(text: string) {
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

async function waitFor(re: RegExp) {
  await page.waitForFunction((src) => new RegExp(src).test((document.querySelector('[data-testid=terminal] .xterm-rows') as HTMLElement | null)?.innerText ?? ''), re.source, { timeout: 15_000 });
}

async function open() {
  await page.goto(url);
  await page.waitForFunction(() => !!window.layerlab);
  await page.locator('[data-testid=terminal]').click();
  await waitFor(/learner@layerlab:~\$/);
}

describe('the terminal', () => {
  it('runs commands at the host prompt and enters a container', async () => {
    await open();
    await page.evaluate(async () => {
      await window.layerlab!.api.imageFromFiles('toybox:latest', [{
        createdBy: '/bin/sh -c #(nop) ADD file:toybox in /',
        files: { '/bin/': '', '/bin/sh': { text: '#!layerlab-applet sh\n', mode: 0o755 }, '/root/': '', '/etc/': '', '/etc/os-release': 'NAME=Toybox\n' },
      }], { Cmd: ['sh'], Env: ['PATH=/bin'] });
    });
    await typeLine('echo hello from $USER');
    await waitFor(/hello\sfrom\slearner/);
    await typeLine('docker images');
    await waitFor(/REPOSITORY\s+TAG\s+IMAGE ID\s+CREATED\s+SIZE\s*\n\s*toybox\s+latest/);
    await typeLine('docker run -it --name box toybox sh');
    await waitFor(/root@[0-9a-f]{12}:\/#/);
    await typeLine('echo changed > /etc/os-release; cd /root');
    await waitFor(/root@[0-9a-f]{12}:~#|root@[0-9a-f]{12}:\/root#/);
    await typeLine('exit');
    await waitFor(/exit\s*\n\s*learner@layerlab:~\$/);
    await typeLine('docker diff box');
    await waitFor(/C\s\/etc\s*\n\s*C\s\/etc\/os-release/);
    await page.screenshot({ path: 'test-results/terminal.png' });
  });

  it('keeps the shell history and the container after a reload', async () => {
    await open();
    await page.keyboard.press('ArrowUp');
    await waitFor(/learner@layerlab:~\$\sdocker\sdiff\sbox/);
    await page.keyboard.press('Enter');
    await waitFor(/learner@layerlab:~\$\sdocker\sdiff\sbox\s*\n\s*C\s\/etc/);
    await typeLine('docker ps -a');
    await waitFor(/Exited\s\(0\)[\s\S]*box/);
    expect(await screen()).toContain('box');
    expect(errors).toEqual([]);
  });

  it('previews a published port in a sandboxed frame that follows the container\'s files', async () => {
    await open();
    await typeLine('docker run --name webserver -d -p 80:80 nginx');
    await waitFor(/Status:\sDownloaded\snewer\simage\sfor\snginx:latest[\s\S]*[0-9a-f]{64}/);
    const frame = page.frameLocator('[data-testid=preview-frame]');
    await frame.locator('h1').filter({ hasText: 'Welcome to nginx!' }).waitFor({ timeout: 15_000 });
    expect(await page.locator('[data-testid=preview-frame]').getAttribute('sandbox')).toBe('');
    await typeLine('docker exec -it webserver bash');
    await waitFor(/root@[0-9a-f]{12}:\/#/);
    await typeLine("echo '<h1>Hello, Docker!</h1>' > /usr/share/nginx/html/index.html");
    await typeLine('exit');
    await frame.locator('h1').filter({ hasText: 'Hello, Docker!' }).waitFor({ timeout: 15_000 });
    await page.screenshot({ path: 'test-results/preview.png' });
    expect(errors).toEqual([]);
  });
});
