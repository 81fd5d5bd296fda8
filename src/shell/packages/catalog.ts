/**
 * The toy package archive, as data: what each package installs (paths, which
 * program it provides), what it depends on, and sizes of a real package's order.
 * Contents are generated from these entries, so they compress to almost nothing
 * while `docker images` and `history` show believable sizes.
 */
export interface PackageDef {
  name: string;
  version: string;
  /** Installed size in bytes (spread over its library file). */
  size: number;
  /** Size of the downloaded archive (.deb / .apk) in bytes. */
  archive: number;
  depends?: string[];
  /** Programs it installs: path -> applet name. */
  programs?: Record<string, string>;
  /** Extra text files it installs. */
  files?: Record<string, string>;
  description: string;
}

const debian: PackageDef[] = [
  { name: 'libc-bin', version: '2.36-9', size: 2_100_000, archive: 600_000, description: 'GNU C Library: Binaries' },
  { name: 'libssl3', version: '3.0.13-1', size: 6_100_000, archive: 2_000_000, description: 'Secure Sockets Layer toolkit - shared libraries' },
  { name: 'libcurl4', version: '7.88.1-10', size: 1_100_000, archive: 390_000, depends: ['libssl3'], description: 'easy-to-use client-side URL transfer library' },
  { name: 'curl', version: '7.88.1-10', size: 500_000, archive: 315_000, depends: ['libcurl4'], programs: { '/usr/bin/curl': 'curl' }, description: 'command line tool for transferring data with URL syntax' },
  { name: 'wget', version: '1.21.3-1', size: 3_600_000, archive: 980_000, depends: ['libssl3'], programs: { '/usr/bin/wget': 'curl' }, description: 'retrieves files from the web' },
  { name: 'nginx', version: '1.22.1-9', size: 1_500_000, archive: 520_000, depends: ['libssl3'], programs: { '/usr/sbin/nginx': 'nginx' }, files: { '/var/www/html/index.nginx-debian.html': '<h1>Welcome to nginx!</h1>\n' }, description: 'small, powerful, scalable web/proxy server' },
  { name: 'python3', version: '3.11.2-1', size: 22_000_000, archive: 5_600_000, depends: ['libssl3'], programs: { '/usr/bin/python3': 'python3' }, description: 'interactive high-level object-oriented language' },
  { name: 'ruby', version: '3.1.2-7', size: 16_000_000, archive: 4_100_000, depends: ['libssl3'], programs: { '/usr/bin/ruby': 'ruby', '/usr/bin/gem': 'gem' }, description: 'Interpreter of object-oriented scripting language Ruby' },
  { name: 'ruby-dev', version: '3.1.2-7', size: 9_000_000, archive: 2_300_000, depends: ['ruby'], description: 'Header files for compiling extension modules for Ruby' },
  { name: 'redis-server', version: '7.0.15-1', size: 7_200_000, archive: 1_600_000, programs: { '/usr/bin/redis-server': 'redis-server', '/usr/bin/redis-cli': 'redis-cli' }, description: 'Persistent key-value database with network interface' },
  { name: 'vim', version: '9.0.1378-2', size: 38_000_000, archive: 8_100_000, programs: { '/usr/bin/vim': 'edit', '/usr/bin/vi': 'edit' }, description: 'Vi IMproved - enhanced vi editor' },
  { name: 'nano', version: '7.2-1', size: 2_800_000, archive: 690_000, programs: { '/usr/bin/nano': 'edit' }, description: 'small, friendly text editor' },
  { name: 'git', version: '1:2.39.2-1', size: 36_000_000, archive: 7_300_000, depends: ['libcurl4'], description: 'fast, scalable, distributed revision control system' },
  { name: 'gcc', version: '4:12.2.0-3', size: 70_000_000, archive: 18_000_000, depends: ['libc-bin'], description: 'GNU C compiler' },
  { name: 'build-essential', version: '12.9', size: 20_000, archive: 7_700, depends: ['gcc'], description: 'Informational list of build-essential packages' },
];

const alpine: PackageDef[] = [
  { name: 'libssl3', version: '3.3.2-r0', size: 1_600_000, archive: 700_000, description: 'SSL shared libraries' },
  { name: 'libcurl', version: '8.10.1-r0', size: 700_000, archive: 380_000, depends: ['libssl3'], description: 'The multiprotocol file transfer library' },
  { name: 'curl', version: '8.10.1-r0', size: 300_000, archive: 160_000, depends: ['libcurl'], programs: { '/usr/bin/curl': 'curl' }, description: 'URL retrival utility and library' },
  { name: 'nginx', version: '1.26.2-r0', size: 1_300_000, archive: 600_000, depends: ['libssl3'], programs: { '/usr/sbin/nginx': 'nginx' }, description: 'HTTP and reverse proxy server' },
  { name: 'python3', version: '3.12.7-r0', size: 44_000_000, archive: 12_000_000, depends: ['libssl3'], programs: { '/usr/bin/python3': 'python3' }, description: 'A high-level scripting language' },
  { name: 'ruby', version: '3.3.5-r0', size: 14_000_000, archive: 4_000_000, programs: { '/usr/bin/ruby': 'ruby', '/usr/bin/gem': 'gem' }, description: 'An object-oriented language for quick and easy programming' },
  { name: 'redis', version: '7.2.5-r0', size: 3_800_000, archive: 1_300_000, programs: { '/usr/bin/redis-server': 'redis-server' }, description: 'Advanced key-value store' },
  { name: 'vim', version: '9.1.0707-r0', size: 30_000_000, archive: 7_000_000, programs: { '/usr/bin/vim': 'edit', '/usr/bin/vi': 'edit' }, description: 'Improved vi-style text editor' },
];

export const DEBIAN_PACKAGES = new Map(debian.map((p) => [p.name, p]));
export const ALPINE_PACKAGES = new Map(alpine.map((p) => [p.name, p]));

/** Size of the package index `apt-get update` downloads (per list file). */
export const APT_LISTS: Array<{ file: string; size: number }> = [
  { file: 'deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages', size: 9_000_000 },
  { file: 'deb.debian.org_debian_dists_bookworm-updates_main_binary-amd64_Packages', size: 120_000 },
  { file: 'deb.debian.org_debian-security_dists_bookworm-security_main_binary-amd64_Packages', size: 480_000 },
];
