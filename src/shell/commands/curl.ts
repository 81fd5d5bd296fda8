/**
 * `curl`: reaches only this playground's published ports, and says so plainly
 * for anything else, since there is no other network.
 */
import type { Command } from './types';
import { httpGet } from '../web';

export const curl: Command = async (ctx, env) => {
  const args = ctx.args.slice(1);
  const include = args.includes('-i') || args.includes('--include');
  const silent = args.includes('-s') || args.includes('--silent') || args.includes('-sS');
  const target = args.find((a) => !a.startsWith('-'));
  if (!target) {
    ctx.stderr.write("curl: try 'curl --help' for more information\n");
    return 2;
  }
  const m = /^(?:(https?):\/\/)?([^/:]+)(?::(\d+))?(\/.*)?$/.exec(target);
  if (!m) {
    ctx.stderr.write(`curl: (3) URL using bad/illegal format or missing URL\n`);
    return 3;
  }
  const [, scheme = 'http', host, portText, path = '/'] = m;
  if (!['localhost', '127.0.0.1', '0.0.0.0'].includes(host) || !env.api) {
    ctx.stderr.write(`curl: (6) Could not resolve host: ${host}\n(Layerlab has no network beyond the ports its containers publish: try curl localhost:PORT)\n`);
    return 6;
  }
  const port = Number(portText ?? (scheme === 'https' ? 443 : 80));
  const res = await httpGet(env.api, port, path);
  if (!res) {
    if (!silent) ctx.stderr.write(`curl: (7) Failed to connect to ${host} port ${port} after 0 ms: Couldn't connect to server\n`);
    return 7;
  }
  if (include) ctx.stdout.write(`HTTP/1.1 ${res.status} ${res.statusText}\r\nServer: nginx\r\nContent-Type: ${res.contentType}\r\nContent-Length: ${res.body.length}\r\n\r\n`);
  ctx.stdout.write(res.body);
  return 0;
};
