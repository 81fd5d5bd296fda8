import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { createSha256, sha256Digest } from '../../../src/engine/archive/digest';
import { gunzipSafe, gzipDeterministic, isGzip } from '../../../src/engine/archive/gzip';
import { readTar, writeTar, type TarEntry } from '../../../src/engine/archive/tar';
import { EngineError } from '../../../src/engine/errors';

const enc = new TextEncoder();
const dec = new TextDecoder();
const base = { mode: 0o644, uid: 0, gid: 0, mtime: 1_600_000_000, size: 0 };
const f = (path: string, text: string, extra: Partial<TarEntry> = {}): TarEntry => ({ ...base, path, type: 'file', data: enc.encode(text), size: enc.encode(text).length, ...extra });
const d = (path: string): TarEntry => ({ ...base, path, type: 'dir', mode: 0o755 });

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof EngineError ? e.code : `non-engine: ${String(e)}`;
  }
  return undefined;
}

const longName = `${'deep/'.repeat(40)}file-with-a-long-name.txt`;
const sample: TarEntry[] = [
  d('etc'),
  f('etc/hosts', '127.0.0.1 localhost\n'),
  { ...base, path: 'etc/link', type: 'symlink', linkname: '../usr/bin/x', mode: 0o777 },
  { ...base, path: 'etc/hard', type: 'hardlink', linkname: 'etc/hosts' },
  f(longName, 'long'),
  f('ünïcødé/名前.txt', 'utf8'),
  f('big-ids', 'x', { uid: 3_000_000, gid: 70_000_000 }),
  f('exec', '#!/bin/sh\n', { mode: 0o755 }),
];

describe('sha256', () => {
  it('matches known vectors, one-shot and incremental', async () => {
    expect(await sha256Digest(new Uint8Array(0))).toBe('sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(await sha256Digest(enc.encode('abc'))).toBe('sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const h = await createSha256();
    h.update(enc.encode('a'));
    h.update(enc.encode('bc'));
    expect(h.digest()).toBe('sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('tar', () => {
  it('round-trips files, dirs, links, long and unicode names, big ids', () => {
    const back = readTar(writeTar(sample));
    expect(back.map((e) => [e.path, e.type, e.mode, e.uid, e.gid, e.mtime, e.linkname, e.data && dec.decode(e.data)])).toEqual(
      sample.map((e) => [e.path, e.type, e.mode, e.uid, e.gid, e.mtime, e.linkname, e.data && dec.decode(e.data)]),
    );
  });

  it('is deterministic', async () => {
    expect(await sha256Digest(writeTar(sample))).toBe(await sha256Digest(writeTar(sample.map((e) => ({ ...e })))));
  });

  it('writes archives GNU tar lists and extracts identically', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tar-w-'));
    writeFileSync(join(dir, 'a.tar'), writeTar(sample));
    const listing = execFileSync('tar', ['-tf', join(dir, 'a.tar')], { encoding: 'utf8' }).trim().split('\n');
    expect(listing).toEqual(['etc/', 'etc/hosts', 'etc/link', 'etc/hard', longName, 'ünïcødé/名前.txt', 'big-ids', 'exec']);
    const out = join(dir, 'x');
    mkdirSync(out);
    execFileSync('tar', ['-xf', join(dir, 'a.tar'), '-C', out]);
    expect(readFileSync(join(out, 'etc/hosts'), 'utf8')).toBe('127.0.0.1 localhost\n');
    expect(readFileSync(join(out, 'etc/hard'), 'utf8')).toBe('127.0.0.1 localhost\n');
    expect(readlinkSync(join(out, 'etc/link'))).toBe('../usr/bin/x');
    expect(readFileSync(join(out, longName), 'utf8')).toBe('long');
    expect(readFileSync(join(out, 'ünïcødé/名前.txt'), 'utf8')).toBe('utf8');
  });

  it.each(['gnu', 'pax', 'ustar'])('reads what GNU tar writes (--format=%s)', (format) => {
    const dir = mkdtempSync(join(tmpdir(), 'tar-r-'));
    const src = join(dir, 'src');
    const name = format === 'ustar' ? 'x'.repeat(90) : 'n'.repeat(150);
    mkdirSync(join(src, 'sub'), { recursive: true });
    writeFileSync(join(src, 'sub', name), 'content');
    symlinkSync('sub', join(src, 'ln'));
    execFileSync('tar', [`--format=${format}`, '--sort=name', '-cf', join(dir, 'g.tar'), '-C', src, '.']);
    const entries = readTar(new Uint8Array(readFileSync(join(dir, 'g.tar'))));
    expect(entries.map((e) => [e.path, e.type])).toEqual([['ln', 'symlink'], ['sub', 'dir'], [`sub/${name}`, 'file']]);
    expect(dec.decode(entries[2].data)).toBe('content');
    expect(entries[0].linkname).toBe('sub');
  });

  it.each([
    ['corrupt checksum', (t: Uint8Array) => { t[0] ^= 1; return t; }, 'BAD_TAR'],
    ['truncated mid-data', (t: Uint8Array) => t.subarray(0, 512 * 3 + 10), 'BAD_TAR'],
    ['truncated mid-header', (t: Uint8Array) => t.subarray(0, 512 + 100), 'BAD_TAR'],
  ] as const)('refuses %s', (_name, mangle, code) => {
    const t = writeTar([d('etc'), f('etc/hosts', 'x'.repeat(1000)), f('etc/b', 'b')]);
    expect(codeOf(() => readTar(mangle(new Uint8Array(t))))).toBe(code);
  });

  it('refuses garbage in numeric fields', () => {
    const t = writeTar([f('a', 'x')]);
    t.set(enc.encode('9zz'), 100); // mode
    // fix the checksum so only the field is wrong
    t.fill(0x20, 148, 156);
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += t[i];
    t.set(enc.encode(sum.toString(8).padStart(6, '0') + '\0 '), 148);
    expect(codeOf(() => readTar(t))).toBe('BAD_TAR');
  });

  it.each([
    ['../evil', f('../evil', 'x')],
    ['a/../../evil', f('a/../../evil', 'x')],
    ['/etc/abs', f('/etc/abs', 'x')],
    ['hardlink to ../../x', { ...base, path: 'h', type: 'hardlink', linkname: '../../x' } as TarEntry],
    ['hardlink to /etc/shadow', { ...base, path: 'h', type: 'hardlink', linkname: '/etc/shadow' } as TarEntry],
  ])('refuses the unsafe path %s', (_n, entry) => {
    expect(codeOf(() => readTar(writeTar([entry])))).toBe('UNSAFE_PATH');
  });

  it('accepts an archive that ends without the end blocks, and normalises ./ paths', () => {
    const t = writeTar([f('./a/./b', 'x')]);
    const e = readTar(t.subarray(0, t.length - 1024));
    expect(e.map((x) => x.path)).toEqual(['a/b']);
  });
});

describe('gzip', () => {
  it('is deterministic, with a zero mtime in the header', () => {
    const a = gzipDeterministic(enc.encode('hello'.repeat(100)));
    const b = gzipDeterministic(enc.encode('hello'.repeat(100)));
    expect(a).toEqual(b);
    expect([...a.subarray(4, 8)]).toEqual([0, 0, 0, 0]);
    expect(isGzip(a)).toBe(true);
    expect(dec.decode(gunzipSafe(a))).toBe('hello'.repeat(100));
  });

  it('stops a gzip bomb early', () => {
    const bomb = gzipSync(new Uint8Array(200_000_000), { level: 9 });
    const t0 = performance.now();
    expect(codeOf(() => gunzipSafe(bomb, { maxOutput: 50_000_000 }))).toBe('GZIP_BOMB');
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(codeOf(() => gunzipSafe(bomb))).toBe('GZIP_BOMB'); // ratio limit
  });

  it('refuses corrupt and truncated streams', () => {
    const z = gzipDeterministic(enc.encode('some data '.repeat(1000)));
    expect(codeOf(() => gunzipSafe(z.subarray(0, z.length - 6)))).toBe('BAD_GZIP');
    const c = new Uint8Array(z);
    c[c.length - 6] ^= 0xff; // crc
    expect(codeOf(() => gunzipSafe(c))).toBe('BAD_GZIP');
    const g = new Uint8Array(z);
    g[12] ^= 0xff;
    expect(codeOf(() => gunzipSafe(g))).toBe('BAD_GZIP');
  });
});
