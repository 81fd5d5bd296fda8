// apt-get as the lessons need it: update first, real files, and the bloat lesson measurable.
import { describe, expect, it } from 'vitest';
import { sessionHarness } from './harness';

const setup = sessionHarness;

describe('apt-get', () => {
  it('needs update first, then installs files, status and archives', async () => {
    const { run } = await setup();
    await run('docker run -it --name box ubuntu:22.04 bash');
    expect(await run('apt-get install -y curl')).toContain('E: Unable to locate package curl');
    expect(await run('echo $?')).toBe('100\n');
    expect(await run('apt-get update')).toMatch(/Get:1 http:\/\/archive.ubuntu.com\/ubuntu .*InRelease/);
    const out = await run('apt-get install -y curl');
    expect(out).toContain('The following NEW packages will be installed:\n  libssl3 libcurl4 curl\n');
    expect(out).toContain('Setting up curl (7.88.1-10) ...');
    expect(await run('apt-get install -y curl')).toContain('curl is already the newest version');
    await run('exit');
    const diff = await run('docker diff box');
    expect(diff).toContain('A /usr/bin/curl\n');
    expect(diff).toContain('A /var/cache/apt/archives/curl_7.88.1-10_amd64.deb\n');
    expect(diff).toContain('C /var/lib/dpkg/status\n');
    expect(diff).toMatch(/A \/var\/lib\/apt\/lists\/archive.ubuntu.com_ubuntu_dists_bookworm_main_binary-amd64_Packages\n/);
  });

  it('shows why cleaning in a later layer does not shrink an image', async () => {
    const { run, api } = await setup();
    await run('docker run -it --name a1 ubuntu:22.04 bash');
    await run('apt-get update && apt-get install -y python3');
    await run('exit');
    await run('docker commit a1 fat:1');
    await run('docker run -it --name b2 fat:1 bash');
    await run('apt-get clean');
    await run('exit');
    await run('docker commit b2 fat:2');
    await run('docker run -it --name c3 ubuntu:22.04 bash');
    await run('apt-get update && apt-get install -y python3 && apt-get clean');
    await run('exit');
    await run('docker commit c3 slim:1');
    const size = async (ref: string) => (await api.images()).find((i) => i.tags.includes(ref))!.size;
    expect(await size('fat:2')).toBeGreaterThanOrEqual(await size('fat:1'));
    expect(await size('slim:1')).toBeLessThan(await size('fat:1'));
  });
});
