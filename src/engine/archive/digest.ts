/**
 * sha256 for content addressing. hash-wasm gives an incremental hasher (SubtleCrypto
 * has none) and runs the same in Node, workers and the page.
 */
import { createSHA256, sha256 } from 'hash-wasm';
import type { Digest } from '../types';

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  return sha256(bytes);
}

export async function sha256Digest(bytes: Uint8Array): Promise<Digest> {
  return `sha256:${await sha256(bytes)}`;
}

export interface Sha256Hasher {
  update(chunk: Uint8Array): void;
  digest(): Digest;
}

export async function createSha256(): Promise<Sha256Hasher> {
  const h = await createSHA256();
  h.init();
  return {
    update: (chunk) => void h.update(chunk),
    digest: () => `sha256:${h.digest('hex')}`,
  };
}

export function isDigest(s: unknown): s is Digest {
  return typeof s === 'string' && /^sha256:[0-9a-f]{64}$/.test(s);
}
