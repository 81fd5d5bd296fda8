// The shell's way in: ZenFS's fs API over a real container view (layers + writable layer + mounts).
import { describe, expect, it } from 'vitest';
import { createContainer } from '../../../src/engine/containers';
import { createViewContext } from '../../../src/engine/zenfs/backend';
import { newEngine, nginxLike } from '../helpers';

describe('ZenFS over a real container', () => {
  it('reads layers, writes through copy-up, and sees the same diff', async () => {
    const engine = await newEngine();
    await nginxLike(engine);
    const c = await createContainer(engine, { image: 'nginx', volumes: ['logs:/var/log/nginx'] });
    const view = await engine.openContainer(c.id);
    const ctx = createViewContext(view);
    try {
      const { fs } = ctx;
      expect(fs.readFileSync('/usr/share/nginx/html/index.html', 'utf8')).toBe('<h1>Welcome to nginx!</h1>\n');
      fs.writeFileSync('/usr/share/nginx/html/index.html', '<h1>Hello, Docker!</h1>\n');
      fs.mkdirSync('/srv/app/static', { recursive: true });
      fs.writeFileSync('/srv/app/static/a.txt', 'a');
      fs.appendFileSync('/var/log/nginx/access.log', 'GET /\n');
      await fs.promises.rm('/etc/nginx', { recursive: true });
      expect(fs.readdirSync('/etc').sort()).toEqual(['hostname', 'hosts', 'resolv.conf']);
      expect(() => fs.readFileSync('/etc/nginx/nginx.conf')).toThrow(expect.objectContaining({ code: 'ENOENT' }));
      expect(fs.statSync('/srv/app').isDirectory()).toBe(true);
      expect(view.diff().map((d) => `${d.kind} ${d.path}`)).toEqual([
        'C /etc', 'D /etc/nginx', 'A /srv', 'A /srv/app', 'A /srv/app/static', 'A /srv/app/static/a.txt',
        'C /usr', 'C /usr/share', 'C /usr/share/nginx', 'C /usr/share/nginx/html', 'C /usr/share/nginx/html/index.html',
      ]);
      expect(new TextDecoder().decode(view.readFile('/var/log/nginx/access.log'))).toBe('GET /\n');
    } finally {
      ctx.dispose();
    }
  });
});
