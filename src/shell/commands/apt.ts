/**
 * `apt-get` / `apt` over the toy archive. Behaves as the real tool does where a
 * lesson depends on it: install needs `update` first, update fills
 * /var/lib/apt/lists, install writes files, dpkg status and .deb archives in
 * /var/cache/apt/archives, and `clean` / `rm -rf /var/lib/apt/lists/*` remove them.
 */
import type { ExecContext } from '../interp/handlers';
import { APPLET_MAGIC } from '../host';
import { APT_LISTS, DEBIAN_PACKAGES, type PackageDef } from '../packages/catalog';
import type { Command, FsApi } from './types';

const STATUS = '/var/lib/dpkg/status';
const LISTS = '/var/lib/apt/lists';
const ARCHIVES = '/var/cache/apt/archives';

function fillerBytes(label: string, size: number): Uint8Array {
  const line = new TextEncoder().encode(`${label} `.padEnd(63, '-') + '\n');
  const out = new Uint8Array(size);
  for (let o = 0; o < size; o += line.length) out.set(line.subarray(0, Math.min(line.length, size - o)), o);
  return out;
}

function installed(fs: FsApi): Map<string, { version: string; auto: boolean }> {
  const m = new Map<string, { version: string; auto: boolean }>();
  if (!fs.existsSync(STATUS)) return m;
  for (const block of fs.readFileSync(STATUS, 'utf8').toString().split('\n\n')) {
    const name = /^Package: (.+)$/m.exec(block)?.[1];
    const version = /^Version: (.+)$/m.exec(block)?.[1];
    if (name && version) m.set(name, { version, auto: /^X-Auto: yes$/m.test(block) });
  }
  return m;
}

function writeStatus(fs: FsApi, pkgs: Map<string, { version: string; auto: boolean }>): void {
  const text = [...pkgs].sort(([a], [b]) => a.localeCompare(b)).map(([name, p]) => {
    const d = DEBIAN_PACKAGES.get(name);
    return `Package: ${name}\nStatus: install ok installed\nArchitecture: amd64\nVersion: ${p.version}\nInstalled-Size: ${Math.ceil((d?.size ?? 0) / 1024)}\n${p.auto ? 'X-Auto: yes\n' : ''}Description: ${d?.description ?? ''}\n`;
  }).join('\n');
  fs.mkdirSync('/var/lib/dpkg', { recursive: true });
  fs.writeFileSync(STATUS, text);
}

function filesOf(p: PackageDef): string[] {
  return [`/usr/lib/x86_64-linux-gnu/${p.name}.so`, `/usr/share/doc/${p.name}/copyright`, ...Object.keys(p.programs ?? {}), ...Object.keys(p.files ?? {})];
}

function installFiles(fs: FsApi, p: PackageDef): void {
  const dirOf = (f: string) => f.slice(0, f.lastIndexOf('/')) || '/';
  const put = (path: string, data: Uint8Array | string, mode = 0o644) => {
    fs.mkdirSync(dirOf(path), { recursive: true });
    fs.writeFileSync(path, data, { mode });
  };
  put(`/usr/lib/x86_64-linux-gnu/${p.name}.so`, fillerBytes(`${p.name} ${p.version}`, p.size));
  put(`/usr/share/doc/${p.name}/copyright`, `${p.name}: toy package built by Layerlab\n`);
  for (const [path, applet] of Object.entries(p.programs ?? {})) put(path, `${APPLET_MAGIC}${applet}\n`, 0o755);
  for (const [path, text] of Object.entries(p.files ?? {})) put(path, text);
}

const kB = (n: number) => `${Math.ceil(n / 1000)} kB`;

function closure(names: string[]): PackageDef[] {
  const out: PackageDef[] = [];
  const visit = (n: string) => {
    const p = DEBIAN_PACKAGES.get(n);
    if (!p || out.includes(p)) return;
    for (const d of p.depends ?? []) visit(d);
    out.push(p);
  };
  names.forEach(visit);
  return out;
}

function header(ctx: ExecContext): void {
  ctx.stdout.write('Reading package lists... Done\nBuilding dependency tree... Done\nReading state information... Done\n');
}

export const aptGet: Command = async (ctx, env) => {
  const fs = env.location.fs;
  const args = ctx.args.slice(1);
  const yes = args.some((a) => a === '-y' || a === '--yes' || a === '-qy' || a === '--assume-yes');
  const quiet = args.some((a) => /^-q+y?$/.test(a));
  const words = args.filter((a) => !a.startsWith('-'));
  const [cmd, ...names] = words;
  const os = fs.existsSync('/etc/os-release') ? fs.readFileSync('/etc/os-release', 'utf8').toString() : '';
  const distro = /^ID=(.*)$/m.exec(os)?.[1] ?? 'debian';
  const mirror = distro === 'ubuntu' ? 'http://archive.ubuntu.com/ubuntu' : 'http://deb.debian.org/debian';
  const listsHere = () => fs.existsSync(LISTS) && fs.readdirSync(LISTS).some((n) => String(n).endsWith('_Packages'));
  const say = (t: string) => {
    if (!quiet) ctx.stdout.write(t);
  };
  switch (cmd) {
    case 'update': {
      fs.mkdirSync(`${LISTS}/partial`, { recursive: true });
      APT_LISTS.forEach((l, i) => {
        const file = distro === 'ubuntu' ? l.file.replace('deb.debian.org_debian', 'archive.ubuntu.com_ubuntu') : l.file;
        fs.writeFileSync(`${LISTS}/${file}`, fillerBytes(`Package index ${file}`, l.size));
        say(`Get:${i + 1} ${mirror} ${file.split('_dists_')[1]?.split('_')[0] ?? 'stable'} InRelease [${kB(l.size / 60)}]\n`);
      });
      const total = APT_LISTS.reduce((n, l) => n + l.size, 0);
      say(`Fetched ${(total / 1e6).toFixed(1)} MB in 1s (${(total / 1e6).toFixed(1)} MB/s)\nReading package lists... Done\n`);
      return 0;
    }
    case 'install': {
      if (names.length === 0) {
        say('Reading package lists... Done\n0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n');
        return 0;
      }
      header(ctx);
      const missing = names.filter((n) => !listsHere() || !DEBIAN_PACKAGES.has(n));
      if (missing.length) {
        ctx.stderr.write(`E: Unable to locate package ${missing[0]}\n`);
        return 100;
      }
      const have = installed(fs);
      const todo = closure(names).filter((p) => !have.has(p.name));
      if (todo.length === 0) {
        for (const n of names) say(`${n} is already the newest version (${DEBIAN_PACKAGES.get(n)!.version}).\n`);
        say('0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n');
        return 0;
      }
      const extra = todo.filter((p) => !names.includes(p.name));
      if (extra.length) say(`The following additional packages will be installed:\n  ${extra.map((p) => p.name).join(' ')}\n`);
      say(`The following NEW packages will be installed:\n  ${todo.map((p) => p.name).join(' ')}\n`);
      say(`0 upgraded, ${todo.length} newly installed, 0 to remove and 0 not upgraded.\n`);
      const download = todo.reduce((n, p) => n + p.archive, 0);
      say(`Need to get ${kB(download)} of archives.\nAfter this operation, ${kB(todo.reduce((n, p) => n + p.size, 0))} of additional disk space will be used.\n`);
      if (!yes) {
        ctx.stdout.write('Do you want to continue? [Y/n] ');
        const answer = new TextDecoder().decode(await ctx.stdin.readAll()).trim();
        if (answer && !/^y/i.test(answer)) {
          ctx.stdout.write('Abort.\n');
          return 1;
        }
        if (!answer) {
          ctx.stdout.write('\nAbort.\n');
          return 1;
        }
      }
      fs.mkdirSync(`${ARCHIVES}/partial`, { recursive: true });
      todo.forEach((p, i) => {
        say(`Get:${i + 1} ${mirror} stable/main amd64 ${p.name} amd64 ${p.version} [${kB(p.archive)}]\n`);
        fs.writeFileSync(`${ARCHIVES}/${p.name}_${p.version.replace(':', '%3a')}_amd64.deb`, fillerBytes(`${p.name}.deb`, p.archive));
      });
      say(`Fetched ${kB(download)} in 0s\n`);
      for (const p of todo) {
        say(`Selecting previously unselected package ${p.name}.\nUnpacking ${p.name} (${p.version}) ...\n`);
        installFiles(fs, p);
        have.set(p.name, { version: p.version, auto: !names.includes(p.name) });
      }
      for (const p of todo) say(`Setting up ${p.name} (${p.version}) ...\n`);
      writeStatus(fs, have);
      return 0;
    }
    case 'remove':
    case 'purge':
    case 'autoremove': {
      header(ctx);
      const have = installed(fs);
      let targets = names.filter((n) => have.has(n));
      if (cmd === 'autoremove') {
        const needed = new Set(closure([...have].filter(([, v]) => !v.auto).map(([n]) => n)).map((p) => p.name));
        targets = [...have].filter(([n, v]) => v.auto && !needed.has(n)).map(([n]) => n);
      }
      for (const n of names) if (!have.has(n) && cmd !== 'autoremove') say(`Package '${n}' is not installed, so not removed\n`);
      if (targets.length) say(`The following packages will be REMOVED:\n  ${targets.join(' ')}\n`);
      say(`0 upgraded, 0 newly installed, ${targets.length} to remove and 0 not upgraded.\n`);
      for (const n of targets) {
        say(`Removing ${n} (${have.get(n)!.version}) ...\n`);
        for (const f of filesOf(DEBIAN_PACKAGES.get(n)!)) fs.rmSync(f, { force: true });
        have.delete(n);
      }
      writeStatus(fs, have);
      return 0;
    }
    case 'clean':
    case 'autoclean': {
      if (fs.existsSync(ARCHIVES)) for (const f of fs.readdirSync(ARCHIVES)) if (String(f).endsWith('.deb')) fs.rmSync(`${ARCHIVES}/${f}`);
      return 0;
    }
    default:
      ctx.stderr.write(cmd ? `E: Invalid operation ${cmd}\n` : 'apt 2.6.1 (amd64)\nUsage: apt-get [options] command\n');
      return cmd ? 100 : 1;
  }
};
