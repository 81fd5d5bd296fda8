// The classic nginx walk-through, headless: the published port serves the container's files.
import { describe, expect, it } from 'vitest';
import { sessionHarness } from './harness';

describe('published ports', () => {
  it('serve what the container holds, before and after a commit', async () => {
    const { run } = await sessionHarness();
    await run('docker run --name webserver -d -p 80:80 nginx');
    expect(await run('curl -s localhost')).toContain('<h1>Welcome to nginx!</h1>');
    await run('docker exec -it webserver bash');
    await run("echo '<h1>Hello, Docker!</h1>' > /usr/share/nginx/html/index.html");
    await run('exit');
    expect(await run('curl localhost:80')).toBe('<h1>Hello, Docker!</h1>\n');
    expect(await run('docker ps')).toMatch(/0\.0\.0\.0:80->80\/tcp\s+webserver/);
    await run('docker commit --author "jeffery" --message "changed the page" webserver nginx:v2');
    await run('docker run --name web2 -d -p 81:80 nginx:v2');
    expect(await run('curl -i localhost:81/')).toMatch(/^HTTP\/1.1 200 OK\r\n[\s\S]*<h1>Hello, Docker!<\/h1>\n$/);
    expect(await run('curl localhost:82')).toContain('Failed to connect to localhost port 82');
    expect(await run('curl https://example.com')).toContain('Could not resolve host: example.com');
  });

  it('manages volumes and keeps their data out of commits', async () => {
    const { run } = await sessionHarness();
    expect(await run('docker volume create data')).toBe('data\n');
    await run('docker run --name db -d -v data:/var/lib/mysql mysql');
    expect(await run('docker volume ls')).toMatch(/^DRIVER\s+VOLUME NAME\nlocal\s+data\n$/);
    await run('docker exec -it db bash');
    await run('echo row > /var/lib/mysql/table.ibd');
    await run('exit');
    expect(await run('docker diff db')).toBe('');
    expect(await run('docker volume rm data')).toMatch(/^Error response from daemon: remove data: volume is in use - \[[0-9a-f]{64}\]\n$/);
    expect(await run('docker build -t x .')).toContain('the Dockerfile builder is not in this version of Layerlab yet');
    expect(await run('edit notes.txt')).toContain('the editor pane is not available');
  });
});
