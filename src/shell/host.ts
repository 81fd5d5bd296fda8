/**
 * The learner's machine: a home directory with example build contexts, kept in
 * the store like a container's writable layer (owner "host"), and the applet
 * marker that makes a file inside an image a runnable toy program.
 */
import type { UnionView } from '../engine/union/types';

/** First line of a toy program file: `#!layerlab-applet ls` runs the `ls` applet. */
export const APPLET_MAGIC = '#!layerlab-applet ';

const enc = new TextEncoder();

const EXAMPLES: Record<string, string> = {
  'hello/Dockerfile': 'FROM busybox\nCOPY hello.txt /hello.txt\nCMD ["cat", "/hello.txt"]\n',
  'hello/hello.txt': 'Hello from a layer!\n',
  'hello/.dockerignore': '*.tmp\n',
  'web/Dockerfile': 'FROM nginx:1.11\nCOPY index.html /usr/share/nginx/html/index.html\n',
  'web/index.html': '<h1>Hello, Docker!</h1>\n',
};

export function seedHost(view: UnionView): void {
  view.mkdir('/home/learner', 0o755, { recursive: true });
  view.mkdir('/tmp', 0o1777);
  for (const [rel, text] of Object.entries(EXAMPLES)) {
    const path = `/home/learner/${rel}`;
    view.mkdir(path.slice(0, path.lastIndexOf('/')), 0o755, { recursive: true });
    view.writeFile(path, enc.encode(text));
  }
  const all = ['/home/learner', ...Object.keys(EXAMPLES).flatMap((r) => [`/home/learner/${r}`, `/home/learner/${r.split('/')[0]}`])];
  for (const p of new Set(all)) view.chown(p, 1000, 1000);
}
