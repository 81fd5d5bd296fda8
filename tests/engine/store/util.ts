import { EngineError } from '../../../src/engine/errors';
import type { Digest } from '../../../src/engine/types';

export const d = (n: number) => `sha256:${n.toString(16).padStart(64, '0')}` as Digest;
export const bytes = (s: string) => new TextEncoder().encode(s);
export const text = (b: Uint8Array) => new TextDecoder().decode(b);

/** The EngineError code a promise rejects with ('resolved' when it doesn't). */
export async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return e instanceof EngineError ? e.code : `not an EngineError: ${String(e)}`;
  }
  return 'resolved';
}
