/**
 * gzip for layer blobs. Compression is deterministic (header mtime pinned to 0, no
 * file name) so the same tar always gives the same digest. Decompression of
 * untrusted input is bounded: it streams and stops as soon as a gzip bomb shows.
 */
import { Gunzip, gzipSync } from 'fflate';
import { EngineError } from '../errors';

export function gzipDeterministic(bytes: Uint8Array, level: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 = 6): Uint8Array {
  return gzipSync(bytes, { level, mtime: 0 });
}

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0x1f && bytes[1] === 0x8b && bytes[2] === 0x08;
}

export interface GunzipLimits {
  /** Refuse output larger than this (default 1 GiB). */
  maxOutput?: number;
  /** Refuse an expansion ratio above this once output passes 16 MiB (default 1000). */
  maxRatio?: number;
}

// Small slices bound how much one push can expand (deflate tops out near 1032:1).
const CHUNK = 16 << 10;

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(parts: Uint8Array[]): number {
  let c = 0xffffffff;
  for (const p of parts) for (let i = 0; i < p.length; i++) c = CRC_TABLE[(c ^ p[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export function gunzipSafe(bytes: Uint8Array, limits: GunzipLimits = {}): Uint8Array {
  const maxOutput = limits.maxOutput ?? 1 << 30;
  const maxRatio = limits.maxRatio ?? 1000;
  const parts: Uint8Array[] = [];
  let total = 0;
  let fed = 0;
  let ended = false;
  const bomb = () => new EngineError('GZIP_BOMB', `refusing to decompress: output would exceed ${total > maxOutput ? `${maxOutput} bytes` : `${maxRatio}× its compressed size`}`, { compressed: bytes.length, output: total });
  const g = new Gunzip((chunk, final) => {
    parts.push(chunk);
    total += chunk.length;
    if (total > maxOutput || (total > 16 << 20 && total / Math.max(fed, 1) > maxRatio)) throw bomb();
    if (final) ended = true;
  });
  try {
    // Feed in slices so the ondata checks run before a bomb's full output exists.
    for (let off = 0; off < bytes.length; off += CHUNK) {
      const end = Math.min(bytes.length, off + CHUNK);
      fed = end;
      g.push(bytes.subarray(off, end), end === bytes.length);
    }
  } catch (e) {
    if (e instanceof EngineError) throw e;
    throw new EngineError('BAD_GZIP', `invalid gzip data: ${(e as Error).message}`, {});
  }
  // fflate accepts a stream cut short without complaint: check the trailer ourselves.
  // (Single-member streams only: docker and OCI layers are never multi-member.)
  const n = bytes.length;
  const trailerCrc = n >= 18 ? (bytes[n - 8] | (bytes[n - 7] << 8) | (bytes[n - 6] << 16) | (bytes[n - 5] << 24)) >>> 0 : -1;
  const trailerSize = n >= 18 ? (bytes[n - 4] | (bytes[n - 3] << 8) | (bytes[n - 2] << 16) | (bytes[n - 1] << 24)) >>> 0 : -1;
  if (!ended || trailerSize !== total % 2 ** 32 || trailerCrc !== crc32(parts)) {
    throw new EngineError('BAD_GZIP', 'invalid gzip data: truncated or corrupt stream', {});
  }
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
