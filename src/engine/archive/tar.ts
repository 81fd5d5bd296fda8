/**
 * A strict tar reader and a deterministic tar writer. Hand-written because layer
 * digests depend on every byte we write, and because everything we read may be
 * hostile: bad checksums, truncation, and paths that try to leave the root.
 */
import { EngineError } from '../errors';

export interface TarEntry {
  /** Relative and normalised: no leading "/" or "./", no trailing "/". */
  path: string;
  type: 'file' | 'dir' | 'symlink' | 'hardlink' | 'other';
  mode: number;
  uid: number;
  gid: number;
  /** Seconds since the epoch. */
  mtime: number;
  size: number;
  /** File content. From readTar this is a view into the input, not a copy. */
  data?: Uint8Array;
  /** Symlink target, or the relative path a hard link points to. */
  linkname?: string;
  uname?: string;
  gname?: string;
}

const BLOCK = 512;
const enc = new TextEncoder();
const dec = new TextDecoder();

// ---- writing ----------------------------------------------------------------

function octal(buf: Uint8Array, off: number, len: number, value: number): boolean {
  const s = Math.floor(value).toString(8);
  if (s.length > len - 1 || value < 0) return false;
  buf.set(enc.encode(s.padStart(len - 1, '0')), off);
  buf[off + len - 1] = 0;
  return true;
}

function putString(buf: Uint8Array, off: number, len: number, s: string): boolean {
  const b = enc.encode(s);
  if (b.length > len) return false;
  buf.set(b, off);
  return true;
}

function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let len = enc.encode(body).length;
  let total = len + String(len).length;
  if (String(total).length !== String(len).length) total = len + String(total).length;
  len = total;
  return `${len}${body}`;
}

const isAscii = (s: string) => /^[\x20-\x7e]*$/.test(s);

function header(name: string, entry: Pick<TarEntry, 'mode' | 'uid' | 'gid' | 'mtime' | 'uname' | 'gname'>, typeflag: string, size: number, linkname: string): { block: Uint8Array; pax: string[] } {
  const b = new Uint8Array(BLOCK);
  const pax: string[] = [];
  // Split long names into ustar's prefix/name when the split is exact; else PAX.
  let nameField = name;
  let prefix = '';
  if (!isAscii(name) || enc.encode(name).length > 100) {
    const cut = name.lastIndexOf('/', 155);
    const head = cut > 0 ? name.slice(0, cut) : '';
    const tail = cut > 0 ? name.slice(cut + 1) : name;
    if (isAscii(name) && cut > 0 && head.length <= 155 && tail.length <= 100 && tail.length > 0) {
      prefix = head;
      nameField = tail;
    } else {
      pax.push(paxRecord('path', name));
      nameField = name.slice(0, 100).replace(/[^\x20-\x7e]/g, '_');
    }
  }
  putString(b, 0, 100, nameField.slice(0, 100));
  octal(b, 100, 8, entry.mode & 0o7777);
  if (!octal(b, 108, 8, entry.uid)) { pax.push(paxRecord('uid', String(entry.uid))); octal(b, 108, 8, 0); }
  if (!octal(b, 116, 8, entry.gid)) { pax.push(paxRecord('gid', String(entry.gid))); octal(b, 116, 8, 0); }
  if (!octal(b, 124, 12, size)) { pax.push(paxRecord('size', String(size))); octal(b, 124, 12, 0); }
  if (!octal(b, 136, 12, entry.mtime)) { pax.push(paxRecord('mtime', String(entry.mtime))); octal(b, 136, 12, 0); }
  b[156] = typeflag.charCodeAt(0);
  if (linkname) {
    if (!isAscii(linkname) || linkname.length > 100) {
      pax.push(paxRecord('linkpath', linkname));
      putString(b, 157, 100, linkname.slice(0, 100).replace(/[^\x20-\x7e]/g, '_'));
    } else putString(b, 157, 100, linkname);
  }
  putString(b, 257, 6, 'ustar');
  putString(b, 263, 2, '00');
  const uname = entry.uname ?? '';
  const gname = entry.gname ?? '';
  if (isAscii(uname)) putString(b, 265, 32, uname.slice(0, 32));
  if (isAscii(gname)) putString(b, 297, 32, gname.slice(0, 32));
  octal(b, 329, 8, 0);
  octal(b, 337, 8, 0);
  putString(b, 345, 155, prefix);
  checksum(b);
  return { block: b, pax };
}

function checksum(b: Uint8Array): void {
  b.fill(0x20, 148, 156);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += b[i];
  const s = sum.toString(8).padStart(6, '0');
  b.set(enc.encode(s), 148);
  b[154] = 0;
  b[155] = 0x20;
}

const TYPEFLAG: Record<TarEntry['type'], string> = { file: '0', hardlink: '1', symlink: '2', dir: '5', other: '0' };

/** Collects entries and concatenates once, so large layers don't reallocate per file. */
export class TarWriter {
  private chunks: Uint8Array[] = [];
  private length = 0;

  private push(c: Uint8Array): void {
    this.chunks.push(c);
    this.length += c.length;
  }

  add(e: TarEntry): void {
    if (e.type === 'other') throw new EngineError('BAD_TAR', `cannot write special file ${e.path}`, { entry: e.path });
    const data = e.type === 'file' ? (e.data ?? new Uint8Array(0)) : undefined;
    const size = data ? data.length : 0;
    const name = e.type === 'dir' ? `${e.path}/` : e.path;
    const { block, pax } = header(name, e, TYPEFLAG[e.type], size, e.linkname ?? '');
    if (pax.length > 0) {
      const body = enc.encode(pax.join(''));
      const base = name.split('/').filter(Boolean).pop() ?? 'entry';
      const ph = header(`PaxHeaders.0/${base}`.slice(0, 99), { mode: 0o644, uid: 0, gid: 0, mtime: e.mtime }, 'x', body.length, '').block;
      this.push(ph);
      this.pushData(body);
    }
    this.push(block);
    if (data && size > 0) this.pushData(data);
  }

  private pushData(data: Uint8Array): void {
    this.push(data);
    const pad = (BLOCK - (data.length % BLOCK)) % BLOCK;
    if (pad) this.push(new Uint8Array(pad));
  }

  finish(): Uint8Array {
    this.push(new Uint8Array(BLOCK * 2));
    const out = new Uint8Array(this.length);
    let o = 0;
    for (const c of this.chunks) {
      out.set(c, o);
      o += c.length;
    }
    this.chunks = [];
    return out;
  }
}

export function writeTar(entries: Iterable<TarEntry>): Uint8Array {
  const w = new TarWriter();
  for (const e of entries) w.add(e);
  return w.finish();
}

// ---- reading ----------------------------------------------------------------

function cstr(b: Uint8Array, off: number, len: number): string {
  let end = off;
  while (end < off + len && b[end] !== 0) end++;
  return dec.decode(b.subarray(off, end));
}

function num(b: Uint8Array, off: number, len: number, field: string, at: number): number {
  if (b[off] & 0x80) {
    // GNU base-256: big-endian two's complement; we accept non-negative only.
    if (b[off] & 0x40) throw bad(`negative ${field}`, '', at);
    let v = b[off] & 0x3f;
    for (let i = off + 1; i < off + len; i++) v = v * 256 + b[i];
    return v;
  }
  const s = cstr(b, off, len).replace(/ /g, '');
  if (s === '') return 0;
  if (!/^[0-7]+$/.test(s)) throw bad(`invalid ${field} field "${s}"`, '', at);
  return parseInt(s, 8);
}

function bad(msg: string, entry: string, offset: number): EngineError {
  return new EngineError('BAD_TAR', `invalid tar archive: ${msg}${entry ? ` (entry ${entry})` : ''}`, { entry, offset });
}

/** Normalise a tar path; refuse absolute paths and ".." (strict mode). */
export function cleanTarPath(raw: string, strict: boolean, offset: number): string {
  let p = raw.replace(/\/+$/, '');
  if (strict && (p.startsWith('/') || p.split('/').includes('..'))) {
    throw new EngineError('UNSAFE_PATH', `unsafe path in archive: ${raw}`, { entry: raw, offset });
  }
  const parts = p.split('/').filter((s) => s !== '' && s !== '.');
  p = parts.join('/');
  return p;
}

function parsePax(body: Uint8Array, at: number): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  while (i < body.length) {
    let j = i;
    while (j < body.length && body[j] !== 0x20) j++;
    const len = Number(dec.decode(body.subarray(i, j)));
    if (!Number.isInteger(len) || len <= 0 || i + len > body.length) throw bad('malformed PAX header', '', at);
    const rec = dec.decode(body.subarray(j + 1, i + len - 1));
    const eq = rec.indexOf('=');
    if (eq > 0) out[rec.slice(0, eq)] = rec.slice(eq + 1);
    i += len;
  }
  return out;
}

export function readTar(bytes: Uint8Array, opts: { strictPaths?: boolean } = {}): TarEntry[] {
  const strict = opts.strictPaths !== false;
  const out: TarEntry[] = [];
  let off = 0;
  let pax: Record<string, string> = {};
  let longName: string | undefined;
  let longLink: string | undefined;
  while (true) {
    if (off === bytes.length && (out.length > 0 || bytes.length === 0)) {
      // Some writers omit the end blocks; a stream ending on an entry boundary is whole.
      if (Object.keys(pax).length || longName || longLink) throw bad('unexpected end of archive', '', off);
      return out;
    }
    if (off + BLOCK > bytes.length) throw bad('unexpected end of archive', '', off);
    const h = bytes.subarray(off, off + BLOCK);
    if (h.every((x) => x === 0)) return out;
    const stored = num(h, 148, 8, 'checksum', off);
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i];
    if (sum !== stored) throw bad('header checksum mismatch', cstr(h, 0, 100), off);
    const typeflag = String.fromCharCode(h[156] || 0x30);
    const magic = cstr(h, 257, 6);
    const ustar = magic === 'ustar' || magic === 'ustar ';
    let name = cstr(h, 0, 100);
    if (ustar && magic === 'ustar') {
      const prefix = cstr(h, 345, 155);
      if (prefix) name = `${prefix}/${name}`;
    }
    let size = num(h, 124, 12, 'size', off);
    if (pax.size !== undefined) size = Number(pax.size);
    const dataStart = off + BLOCK;
    const dataEnd = dataStart + size;
    if (!Number.isSafeInteger(size) || dataEnd > bytes.length) throw bad('unexpected end of archive', name, off);
    const data = bytes.subarray(dataStart, dataEnd);
    const next = dataStart + Math.ceil(size / BLOCK) * BLOCK;
    if (typeflag === 'x') {
      pax = { ...pax, ...parsePax(data, off) };
      off = next;
      continue;
    }
    if (typeflag === 'g') {
      off = next;
      continue;
    }
    if (typeflag === 'L' || typeflag === 'K') {
      const s = cstr(data, 0, data.length);
      if (typeflag === 'L') longName = s;
      else longLink = s;
      off = next;
      continue;
    }
    const rawPath = pax.path ?? longName ?? name;
    const linkname = pax.linkpath ?? longLink ?? cstr(h, 157, 100);
    const type: TarEntry['type'] =
      typeflag === '0' || typeflag === '7' ? 'file'
      : typeflag === '5' ? 'dir'
      : typeflag === '2' ? 'symlink'
      : typeflag === '1' ? 'hardlink'
      : typeflag >= '3' && typeflag <= '6' ? 'other'
      : 'file'; // unknown typeflags are regular files per POSIX
    const isDir = type === 'dir' || (type === 'file' && rawPath.endsWith('/') && size === 0);
    const path = cleanTarPath(rawPath, strict, off);
    const entry: TarEntry = {
      path,
      type: isDir ? 'dir' : type,
      mode: num(h, 100, 8, 'mode', off) & 0o7777,
      uid: pax.uid !== undefined ? Number(pax.uid) : num(h, 108, 8, 'uid', off),
      gid: pax.gid !== undefined ? Number(pax.gid) : num(h, 116, 8, 'gid', off),
      mtime: Math.floor(pax.mtime !== undefined ? Number(pax.mtime) : num(h, 136, 12, 'mtime', off)),
      size: isDir || type === 'symlink' || type === 'hardlink' ? 0 : size,
    };
    if (ustar) {
      entry.uname = pax.uname ?? cstr(h, 265, 32);
      entry.gname = pax.gname ?? cstr(h, 297, 32);
    }
    if (entry.type === 'file') entry.data = data;
    if (type === 'symlink') entry.linkname = linkname;
    if (type === 'hardlink') {
      if (strict && (linkname.startsWith('/') || linkname.split('/').includes('..'))) {
        throw new EngineError('UNSAFE_PATH', `hard link escapes the archive root: ${rawPath} -> ${linkname}`, { entry: rawPath, offset: off });
      }
      entry.linkname = cleanTarPath(linkname, strict, off);
    }
    if (path === '' && entry.type !== 'dir') throw bad('entry with an empty name', rawPath, off);
    if (path !== '') out.push(entry);
    pax = {};
    longName = longLink = undefined;
    off = next;
  }
}

export function tarPathToAbs(p: string): string {
  return '/' + p.replace(/^\/+|\/+$/g, '');
}

export function absToTarPath(p: string): string {
  return p.replace(/^\/+|\/+$/g, '');
}
