// `npm run layerlab`: the same shell and engine in Node, on real files, confined to the start directory.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = resolve(__dirname, '../..');
const tsx = join(repo, 'node_modules/.bin/tsx');
const run = (cwd: string, ...args: string[]) => spawnSync(tsx, [join(repo, 'scripts/layerlab.ts'), ...args], { cwd, env: { ...process.env, INIT_CWD: cwd }, encoding: 'utf8' });

describe('headless layerlab', () => {
  it('runs docker commands on real files, with the shell\'s stdout, stderr and status', () => {
    const dir = mkdtempSync(join(tmpdir(), 'layerlab-cli-'));
    const r = run(dir, '-c', 'docker pull -q alpine:3.20 && docker save -o alpine.tar alpine:3.20 && docker rmi alpine:3.20 >/dev/null && docker load -i alpine.tar; docker history nope');
    expect(r.stdout).toBe('docker.io/library/alpine:3.20\nLoaded image: alpine:3.20\n');
    expect(r.stderr).toBe('Error response from daemon: No such image: nope\n');
    expect(r.status).toBe(1);
    expect(existsSync(join(dir, 'alpine.tar'))).toBe(true);
    // The saved archive is a real one.
    expect(JSON.parse(execFileSync('skopeo', ['inspect', `docker-archive:${join(dir, 'alpine.tar')}`], { encoding: 'utf8' })).Layers).toHaveLength(1);
  }, 60_000);

  it('runs a script file and stays inside its directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'layerlab-cli-'));
    writeFileSync(join(dir, 'demo.sh'), 'cd ..\npwd\necho x > ../../outside.txt\necho $?\n');
    const r = run(dir, 'demo.sh');
    expect(r.stdout).toBe('/\n0\n');
    expect(existsSync(join(dir, 'outside.txt'))).toBe(true);
    expect(existsSync(join(dir, '..', 'outside.txt'))).toBe(false);
  }, 60_000);
});
