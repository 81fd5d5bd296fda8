/**
 * The playground's only network: published ports of running containers. A
 * request to localhost:PORT reaches the container that publishes PORT, and its
 * web server (the toy nginx) answers from the container's own files — so the
 * preview and `curl` show exactly what the container's filesystem holds.
 */
import type { LayerlabApi } from '../engine/api';

export interface HttpResponse {
  status: number;
  statusText: string;
  contentType: string;
  body: Uint8Array;
  /** Which container answered, for the preview's caption. */
  container?: string;
}

const TYPES: Record<string, string> = { html: 'text/html', htm: 'text/html', css: 'text/css', js: 'text/javascript', txt: 'text/plain', json: 'application/json', svg: 'image/svg+xml', png: 'image/png' };
const enc = new TextEncoder();

function page(status: number, statusText: string, text: string): HttpResponse {
  return { status, statusText, contentType: 'text/html', body: enc.encode(`<html>\r\n<head><title>${status} ${statusText}</title></head>\r\n<body>\r\n<center><h1>${status} ${statusText}</h1></center>\r\n<hr><center>${text}</center>\r\n</body>\r\n</html>\r\n`) };
}

/** The document root nginx would use: the `root` of the first `location /`, else the default. */
function nginxRoot(conf: string): string {
  const m = /location\s+\/\s*\{[^}]*?root\s+([^;\s]+)\s*;/.exec(conf) ?? /\broot\s+([^;\s]+)\s*;/.exec(conf);
  return m ? m[1] : '/usr/share/nginx/html';
}

export async function httpGet(api: LayerlabApi, port: number, rawPath: string): Promise<HttpResponse | null> {
  const containers = await api.containers();
  const c = containers.find((x) => (x.state === 'running' || x.state === 'paused') && x.ports.some((p) => p.hostPort === port && p.protocol === 'tcp'));
  if (!c) return null; // connection refused
  const argv = [c.path, ...c.args].join(' ');
  if (!/\bnginx\b/.test(argv)) return page(502, 'Bad Gateway', `the process in ${c.name} (${argv}) does not serve HTTP in the playground`);
  const fs = await api.fs(c.id);
  const dec = new TextDecoder();
  let conf = '';
  for (const f of ['/etc/nginx/conf.d/default.conf', '/etc/nginx/nginx.conf']) {
    try {
      conf = dec.decode(fs.readFile(f));
      break;
    } catch {
      // not there: try the next
    }
  }
  const root = nginxRoot(conf);
  const path = decodeURIComponent(rawPath.split('?')[0] || '/');
  let file = `${root}${path.startsWith('/') ? '' : '/'}${path}`;
  try {
    if (fs.stat(file).type === 'dir') file = `${file.replace(/\/$/, '')}/index.html`;
    const body = fs.readFile(file);
    const ext = file.split('.').pop() ?? '';
    return { status: 200, statusText: 'OK', contentType: TYPES[ext] ?? 'application/octet-stream', body, container: c.name };
  } catch {
    return { ...page(404, 'Not Found', 'nginx'), container: c.name };
  }
}
