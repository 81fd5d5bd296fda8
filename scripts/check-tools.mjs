// Makes sure the system tools the tests drive are here: Debian's chromium (browser
// tests) and skopeo + umoci (interop tests against real OCI tools). When one is
// missing we install it if we can (root + apt-get); otherwise we stop with one line
// naming what to install. We never skip: a missing tool is a failed run.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const tools = [
  { bin: 'chromium', pkg: 'chromium', paths: ['/usr/bin/chromium'] },
  { bin: 'skopeo', pkg: 'skopeo', paths: ['/usr/bin/skopeo'] },
  { bin: 'umoci', pkg: 'umoci', paths: ['/usr/bin/umoci'] },
  { bin: 'tar', pkg: 'tar', paths: ['/usr/bin/tar', '/bin/tar'] },
];

const have = (t) => t.paths.some((p) => existsSync(p)) || spawnSync('sh', ['-c', `command -v ${t.bin}`]).status === 0;
let missing = tools.filter((t) => !have(t));
if (missing.length === 0) process.exit(0);

const pkgs = missing.map((t) => t.pkg);
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = spawnSync('sh', ['-c', 'command -v apt-get']).status === 0;
if (isRoot && hasApt) {
  console.log(`Installing missing test tools with apt-get: ${pkgs.join(' ')}`);
  try {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...pkgs], { stdio: 'inherit', env });
  } catch {
    // fall through to the check below, which names what is still missing
  }
  missing = tools.filter((t) => !have(t));
}
if (missing.length > 0) {
  console.error(`Layerlab tests need these Debian packages: ${missing.map((t) => t.pkg).join(' ')} (sudo apt-get install ${missing.map((t) => t.pkg).join(' ')})`);
  process.exit(1);
}
