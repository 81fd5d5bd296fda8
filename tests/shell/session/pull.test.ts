// Bundled base images: pulled offline, reproducible, with docker's pull output.
import { describe, expect, it } from 'vitest';
import { bindApi } from '../../../src/engine/api';
import { docker } from '../../../src/shell/commands/docker';
import { pullImage } from '../../../src/shell/images/build';
import { CATALOG } from '../../../src/shell/images/catalog';
import { Session } from '../../../src/shell/session';
import { newEngine } from '../../engine/helpers';

async function setup() {
  const engine = await newEngine();
  const session = await Session.open({ engine, api: bindApi(engine), hostCommands: { docker }, applets: {} });
  let out = '';
  session.attach({ write: (t) => void (out += t) });
  const run = async (line: string) => {
    out = '';
    await session.submit(line);
    return out;
  };
  return { engine, session, run };
}

describe('bundled images', () => {
  it('pull with docker\'s output and the same ID on every machine', async () => {
    const { run } = await setup();
    const out = await run('docker pull busybox');
    expect(out).toMatch(/^Using default tag: latest\nlatest: Pulling from library\/busybox\n[0-9a-f]{12}: Pull complete\nDigest: sha256:[0-9a-f]{64}\nStatus: Downloaded newer image for busybox:latest\ndocker.io\/library\/busybox:latest\n$/);
    expect(await run('docker pull busybox')).toContain('Status: Image is up to date for busybox:latest');
    const a = await pullImage((await newEngine()), 'alpine:3.20');
    const b = await pullImage((await newEngine()), 'alpine');
    expect(a.image.id).toBe(b.image.id);
    expect(await run('docker pull nosuch/thing')).toBe("Using default tag: latest\nError response from daemon: pull access denied for nosuch/thing, repository does not exist or may require 'docker login': denied: requested access to the resource is denied\n");
  });

  it('pull implicitly on run, and enter the image\'s shell', async () => {
    const { session, run } = await setup();
    const out = await run('docker run -it alpine sh');
    expect(out).toMatch(/^Unable to find image 'alpine:latest' locally\nlatest: Pulling from library\/alpine\n/);
    expect(session.prompt()).toMatch(/^root@[0-9a-f]{12}:\/# $/);
    expect(await run('cat /etc/os-release | head -1; echo $PATH')).toContain('/usr/local/sbin:/usr/local/bin');
    await run('exit');
    expect(await run('docker run -it nginx:1.11 bash')).toContain('Pulling from library/nginx');
    await run('exit');
    expect(await run('docker history nginx:1.11')).toMatch(/CMD \["nginx" "-g" "daemon…\s+0B/);
    expect(await run('docker images nginx')).toMatch(/nginx\s+1.11\s+[0-9a-f]{12}\s+\S.*\s(\d+(\.\d+)?MB)\n/);
  });

  it('defines every image the lessons need', () => {
    const names = CATALOG.flatMap((d) => d.tags.map((t) => `${d.repo}:${t}`));
    for (const n of ['ubuntu:14.04', 'ubuntu:22.04', 'ubuntu:24.04', 'ubuntu:latest', 'debian:bookworm', 'alpine:latest', 'alpine:3.20', 'busybox:latest', 'nginx:latest', 'nginx:1.11', 'redis:latest', 'mysql:latest', 'training/sinatra:latest']) {
      expect(names).toContain(n);
    }
  });
});
