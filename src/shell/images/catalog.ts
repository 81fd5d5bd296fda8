/**
 * The bundled base images, as data. Each is built on first use, deterministically,
 * from these definitions: the same definition always gives the same image ID, on
 * every machine. Programs are applet files (`#!layerlab-applet NAME`), library
 * bulk is generated filler that compresses to almost nothing, so stored blobs stay
 * small while the sizes `docker images` shows are of a real image's order.
 */
import type { ContainerConfig } from '../../engine/types';

export type FileSpec =
  | { path: string; dir: true; mode?: number }
  | { path: string; text: string; mode?: number }
  | { path: string; applet: string }
  | { path: string; link: string }
  /** Generated filler of this many bytes (a library, a database file). */
  | { path: string; filler: number };

export interface LayerDef {
  createdBy: string;
  files: FileSpec[];
}

export interface BaseImageDef {
  /** Familiar repository, e.g. "nginx" or "training/sinatra". */
  repo: string;
  tags: string[];
  /** Fixed creation time: part of what makes the ID reproducible. */
  created: string;
  base?: string;
  layers: LayerDef[];
  config: ContainerConfig;
}

const PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** The commands every image ships (the toy coreutils). */
export const CORE_COMMANDS = [
  'basename', 'cat', 'chmod', 'chown', 'cp', 'cut', 'date', 'df', 'dirname', 'du', 'env', 'find', 'grep', 'head', 'hostname', 'id', 'ln', 'ls',
  'mkdir', 'mv', 'pwd', 'rm', 'rmdir', 'sed', 'seq', 'sha256sum', 'sleep', 'sort', 'stat', 'tail', 'tar', 'touch', 'tr', 'tree', 'uname',
  'uniq', 'wc', 'which', 'whoami', 'clear',
];

function etc(name: string, id: string, version: string, pretty: string): FileSpec[] {
  return [
    { path: '/etc', dir: true },
    { path: '/etc/os-release', text: `PRETTY_NAME="${pretty}"\nNAME="${name}"\nVERSION_ID="${version}"\nID=${id}\n` },
    { path: '/etc/passwd', text: 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n' },
    { path: '/etc/group', text: 'root:x:0:\ndaemon:x:1:\nnogroup:x:65534:\n' },
    { path: '/root', dir: true, mode: 0o700 },
    { path: '/tmp', dir: true, mode: 0o1777 },
    { path: '/home', dir: true },
    { path: '/var', dir: true }, { path: '/var/lib', dir: true }, { path: '/var/cache', dir: true }, { path: '/var/log', dir: true }, { path: '/var/tmp', dir: true, mode: 0o1777 },
    { path: '/usr', dir: true }, { path: '/usr/lib', dir: true }, { path: '/usr/share', dir: true }, { path: '/usr/local', dir: true }, { path: '/usr/local/bin', dir: true },
    { path: '/proc', dir: true }, { path: '/sys', dir: true }, { path: '/dev', dir: true }, { path: '/run', dir: true }, { path: '/opt', dir: true }, { path: '/srv', dir: true }, { path: '/mnt', dir: true },
  ];
}

/** A Debian-family root: one applet file per command in /usr/bin, /bin -> usr/bin. */
function debianRoot(name: string, id: string, version: string, pretty: string, libBytes: number): FileSpec[] {
  return [
    ...etc(name, id, version, pretty),
    { path: '/usr/bin', dir: true }, { path: '/usr/sbin', dir: true },
    { path: '/bin', link: 'usr/bin' }, { path: '/sbin', link: 'usr/sbin' }, { path: '/lib', link: 'usr/lib' },
    { path: '/usr/bin/bash', applet: 'sh' }, { path: '/usr/bin/sh', link: 'bash' }, { path: '/usr/bin/dash', applet: 'sh' },
    ...CORE_COMMANDS.map((c): FileSpec => ({ path: `/usr/bin/${c}`, applet: c })),
    { path: '/usr/bin/apt-get', applet: 'apt-get' }, { path: '/usr/bin/apt', applet: 'apt-get' },
    { path: '/var/lib/dpkg', dir: true }, { path: '/var/lib/dpkg/status', text: '' }, { path: '/var/lib/apt', dir: true }, { path: '/var/lib/apt/lists', dir: true },
    { path: '/var/cache/apt', dir: true }, { path: '/var/cache/apt/archives', dir: true },
    { path: '/usr/lib/x86_64-linux-gnu', dir: true }, { path: '/usr/lib/x86_64-linux-gnu/libc.so.6', filler: Math.round(libBytes * 0.35) },
    { path: '/usr/lib/x86_64-linux-gnu/libcoreutils.so', filler: Math.round(libBytes * 0.65) },
  ];
}

/** A busybox root: one binary, and a symlink per applet, as real busybox images have. */
function busyboxRoot(bytes: number): FileSpec[] {
  return [
    { path: '/bin', dir: true }, { path: '/bin/busybox', applet: 'busybox' },
    ...['sh', 'ash', ...CORE_COMMANDS].map((c): FileSpec => ({ path: `/bin/${c}`, link: 'busybox' })),
    { path: '/bin/busybox.data', filler: bytes },
  ];
}

const NGINX_HTML = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>
<p><em>Thank you for using nginx.</em></p>
</body>
</html>
`;

function nginx(version: string, created: string, tags: string[]): BaseImageDef {
  return {
    repo: 'nginx', tags, created, base: 'debian:bookworm',
    layers: [
      { createdBy: `/bin/sh -c #(nop)  ENV NGINX_VERSION=${version}`, files: [] },
      {
        createdBy: '/bin/sh -c apt-get update && apt-get install --no-install-recommends --no-install-suggests -y nginx && rm -rf /var/lib/apt/lists/*',
        files: [
          { path: '/usr/sbin/nginx', applet: 'nginx' },
          { path: '/usr/lib/nginx', dir: true }, { path: '/usr/lib/nginx/modules.so', filler: 58_000_000 },
          { path: '/etc/nginx', dir: true }, { path: '/etc/nginx/conf.d', dir: true },
          { path: '/etc/nginx/nginx.conf', text: 'user  nginx;\nworker_processes  auto;\nevents {\n    worker_connections  1024;\n}\nhttp {\n    include /etc/nginx/conf.d/*.conf;\n}\n' },
          { path: '/etc/nginx/conf.d/default.conf', text: 'server {\n    listen       80;\n    server_name  localhost;\n    location / {\n        root   /usr/share/nginx/html;\n        index  index.html index.htm;\n    }\n}\n' },
          { path: '/usr/share/nginx', dir: true }, { path: '/usr/share/nginx/html', dir: true },
          { path: '/usr/share/nginx/html/index.html', text: NGINX_HTML }, { path: '/usr/share/nginx/html/50x.html', text: '<h1>An error occurred.</h1>\n' },
          { path: '/var/cache/nginx', dir: true }, { path: '/var/log/nginx', dir: true },
        ],
      },
      { createdBy: '/bin/sh -c ln -sf /dev/stdout /var/log/nginx/access.log && ln -sf /dev/stderr /var/log/nginx/error.log', files: [{ path: '/var/log/nginx/access.log', link: '/dev/stdout' }, { path: '/var/log/nginx/error.log', link: '/dev/stderr' }] },
      { createdBy: '/bin/sh -c #(nop)  EXPOSE 80', files: [] },
      { createdBy: '/bin/sh -c #(nop)  STOPSIGNAL SIGQUIT', files: [] },
      { createdBy: '/bin/sh -c #(nop)  CMD ["nginx" "-g" "daemon off;"]', files: [] },
    ],
    config: { Env: [PATH, `NGINX_VERSION=${version}`], ExposedPorts: { '80/tcp': {} }, Cmd: ['nginx', '-g', 'daemon off;'], StopSignal: 'SIGQUIT' },
  };
}

export const CATALOG: BaseImageDef[] = [
  {
    repo: 'busybox', tags: ['latest', '1.36'], created: '2024-09-26T21:31:42Z',
    layers: [{ createdBy: 'BusyBox 1.36.1 (glibc), Debian 12', files: busyboxRoot(4_200_000) }, { createdBy: 'CMD ["sh"]', files: [] }],
    config: { Env: [PATH], Cmd: ['sh'] },
  },
  {
    repo: 'alpine', tags: ['latest', '3.20'], created: '2024-09-06T12:05:36Z',
    layers: [
      { createdBy: '/bin/sh -c #(nop) ADD file:5758b97d8301c84a204a6e516241275d785a7cade40b2fb99f01fe122482e283 in / ', files: [...etc('Alpine Linux', 'alpine', '3.20.3', 'Alpine Linux v3.20'), ...busyboxRoot(7_600_000), { path: '/sbin', dir: true }, { path: '/sbin/apk', applet: 'apk' }, { path: '/lib', dir: true }, { path: '/lib/apk', dir: true }, { path: '/lib/apk/db', dir: true }, { path: '/lib/apk/db/installed', text: '' }, { path: '/etc/apk', dir: true }, { path: '/etc/apk/world', text: 'alpine-baselayout\nbusybox\n' }] },
      { createdBy: '/bin/sh -c #(nop)  CMD ["/bin/sh"]', files: [] },
    ],
    config: { Env: [PATH], Cmd: ['/bin/sh'] },
  },
  ...([['24.04', 'noble', '2024-09-16T06:34:41Z', 78_000_000, ['24.04', 'latest', 'noble']], ['22.04', 'jammy', '2024-09-16T06:34:30Z', 77_800_000, ['22.04', 'jammy']], ['14.04', 'trusty', '2019-03-07T22:19:53Z', 120_000_000, ['14.04', 'trusty']]] as const).map(([v, code, created, bytes, tags]): BaseImageDef => ({
    repo: 'ubuntu', tags: [...tags], created,
    layers: [
      { createdBy: `/bin/sh -c #(nop)  ARG RELEASE`, files: [] },
      { createdBy: `/bin/sh -c #(nop)  LABEL org.opencontainers.image.ref.name=ubuntu org.opencontainers.image.version=${v}`, files: [] },
      { createdBy: `/bin/sh -c #(nop) ADD file:ubuntu-${code}-rootfs.tar in / `, files: debianRoot('Ubuntu', 'ubuntu', v, `Ubuntu ${v} LTS`, bytes) },
      { createdBy: '/bin/sh -c #(nop)  CMD ["/bin/bash"]', files: [] },
    ],
    config: { Env: [PATH], Cmd: ['/bin/bash'], Labels: { 'org.opencontainers.image.ref.name': 'ubuntu', 'org.opencontainers.image.version': v } },
  })),
  {
    repo: 'debian', tags: ['bookworm', 'latest', '12'], created: '2024-09-26T00:00:00Z',
    layers: [
      { createdBy: '/bin/sh -c #(nop) ADD file:debian-bookworm-rootfs.tar in / ', files: debianRoot('Debian GNU/Linux', 'debian', '12', 'Debian GNU/Linux 12 (bookworm)', 116_000_000) },
      { createdBy: '/bin/sh -c #(nop)  CMD ["bash"]', files: [] },
    ],
    config: { Env: [PATH], Cmd: ['bash'] },
  },
  nginx('1.27.1', '2024-10-02T17:55:35Z', ['latest', '1.27']),
  nginx('1.11.5', '2016-11-08T19:43:41Z', ['1.11']),
  {
    repo: 'redis', tags: ['latest', '7'], created: '2024-10-03T00:00:00Z', base: 'debian:bookworm',
    layers: [
      { createdBy: '/bin/sh -c groupadd -r -g 999 redis && useradd -r -g redis -u 999 redis', files: [{ path: '/etc/passwd', text: 'root:x:0:0:root:/root:/bin/bash\nredis:x:999:999::/home/redis:/usr/sbin/nologin\n' }] },
      { createdBy: '/bin/sh -c set -eux; make -C /usr/src/redis install', files: [{ path: '/usr/local/bin/redis-server', applet: 'redis-server' }, { path: '/usr/local/bin/redis-cli', applet: 'redis-cli' }, { path: '/usr/local/lib', dir: true }, { path: '/usr/local/lib/redis.so', filler: 21_000_000 }] },
      { createdBy: '/bin/sh -c mkdir /data && chown redis:redis /data', files: [{ path: '/data', dir: true }] },
      { createdBy: '/bin/sh -c #(nop)  VOLUME [/data]', files: [] },
      { createdBy: '/bin/sh -c #(nop) WORKDIR /data', files: [] },
      { createdBy: '/bin/sh -c #(nop)  EXPOSE 6379', files: [] },
      { createdBy: '/bin/sh -c #(nop)  CMD ["redis-server"]', files: [] },
    ],
    config: { Env: [PATH], Volumes: { '/data': {} }, WorkingDir: '/data', ExposedPorts: { '6379/tcp': {} }, Cmd: ['redis-server'] },
  },
  {
    repo: 'mysql', tags: ['latest', '8'], created: '2024-10-15T00:00:00Z', base: 'debian:bookworm',
    layers: [
      { createdBy: '/bin/sh -c apt-get update && apt-get install -y mysql-server && rm -rf /var/lib/apt/lists/*', files: [{ path: '/usr/sbin/mysqld', applet: 'mysqld' }, { path: '/usr/bin/mysql', applet: 'mysql' }, { path: '/usr/lib/mysql', dir: true }, { path: '/usr/lib/mysql/plugin.so', filler: 180_000_000 }, { path: '/etc/mysql', dir: true }, { path: '/etc/mysql/my.cnf', text: '[mysqld]\ndatadir=/var/lib/mysql\n' }] },
      { createdBy: '/bin/sh -c mkdir -p /var/lib/mysql /var/run/mysqld', files: [{ path: '/var/lib/mysql', dir: true }, { path: '/var/run', dir: true }, { path: '/var/run/mysqld', dir: true }] },
      { createdBy: '/bin/sh -c #(nop)  VOLUME [/var/lib/mysql]', files: [] },
      { createdBy: '/bin/sh -c #(nop)  EXPOSE 3306 33060', files: [] },
      { createdBy: '/bin/sh -c #(nop)  CMD ["mysqld"]', files: [] },
    ],
    config: { Env: [PATH], Volumes: { '/var/lib/mysql': {} }, ExposedPorts: { '3306/tcp': {}, '33060/tcp': {} }, Cmd: ['mysqld'] },
  },
  {
    repo: 'training/sinatra', tags: ['latest'], created: '2014-05-26T00:00:00Z', base: 'ubuntu:14.04',
    layers: [
      { createdBy: '/bin/sh -c apt-get update && apt-get install -y ruby ruby-dev', files: [{ path: '/usr/bin/ruby', applet: 'ruby' }, { path: '/usr/bin/gem', applet: 'gem' }, { path: '/usr/lib/ruby', dir: true }, { path: '/usr/lib/ruby/libruby.so', filler: 60_000_000 }] },
      { createdBy: '/bin/sh -c gem install sinatra', files: [{ path: '/var/lib/gems', dir: true }, { path: '/var/lib/gems/1.9.1', dir: true }, { path: '/var/lib/gems/1.9.1/gems', dir: true }, { path: '/var/lib/gems/1.9.1/gems/sinatra-1.4.5', dir: true }, { path: '/var/lib/gems/1.9.1/gems/sinatra-1.4.5/lib.rb', filler: 1_200_000 }] },
    ],
    config: { Env: [PATH], Cmd: ['/bin/bash'] },
  },
];
