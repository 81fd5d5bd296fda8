/** Path arithmetic on absolute POSIX paths, done lexically like bash's `cd` (no symlink resolution). */

export function normalizePath(path: string): string {
  const out: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return '/' + out.join('/');
}

export function resolvePath(cwd: string, path: string): string {
  return normalizePath(path.startsWith('/') ? path : cwd + '/' + path);
}

export function basename(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1) || '/';
}
