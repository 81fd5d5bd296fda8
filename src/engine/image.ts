/**
 * Image configs and manifests as raw bytes plus parsed JSON. We hash only the raw
 * bytes (go-containerregistry's rule): an image ID is sha256 of the config bytes
 * exactly as stored, so re-serialising a loaded config would change its identity.
 */
import { sha256Digest } from './archive/digest';
import { EngineError } from './errors';
import { MEDIA_TYPES, type Digest, type ImageConfig, type LayerRecord } from './types';

const enc = new TextEncoder();
const dec = new TextDecoder();

export interface RawJSON<T> {
  bytes: Uint8Array;
  value: T;
  digest: Digest;
}

export async function encodeJSON<T>(value: T): Promise<RawJSON<T>> {
  const bytes = enc.encode(JSON.stringify(value));
  return { bytes, value, digest: await sha256Digest(bytes) };
}

export function parseJSON<T>(bytes: Uint8Array, what: string): T {
  try {
    return JSON.parse(dec.decode(bytes)) as T;
  } catch (e) {
    throw new EngineError('BAD_CONFIG', `invalid ${what}: ${(e as Error).message}`);
  }
}

/** Parse and sanity-check an image config: the fields the engine relies on must be there. */
export function parseImageConfig(bytes: Uint8Array): ImageConfig {
  const c = parseJSON<ImageConfig>(bytes, 'image config');
  if (typeof c !== 'object' || c === null || Array.isArray(c)) throw new EngineError('BAD_CONFIG', 'invalid image config: not an object');
  if (!c.rootfs || c.rootfs.type !== 'layers' || !Array.isArray(c.rootfs.diff_ids)) {
    throw new EngineError('BAD_CONFIG', 'invalid image config: rootfs.diff_ids missing');
  }
  for (const d of c.rootfs.diff_ids) {
    if (typeof d !== 'string' || !/^sha256:[0-9a-f]{64}$/.test(d)) throw new EngineError('BAD_CONFIG', `invalid image config: bad diff_id ${String(d)}`);
  }
  const nonEmpty = (c.history ?? []).filter((h) => !h.empty_layer).length;
  if (c.history && c.history.length > 0 && nonEmpty !== c.rootfs.diff_ids.length) {
    throw new EngineError('BAD_CONFIG', `invalid image config: history has ${nonEmpty} non-empty entries for ${c.rootfs.diff_ids.length} layers`);
  }
  return c;
}

export interface OciDescriptor {
  mediaType: string;
  digest: Digest;
  size: number;
  annotations?: Record<string, string>;
  platform?: { architecture: string; os: string; variant?: string };
}

export interface OciManifest {
  schemaVersion: 2;
  mediaType: string;
  config: OciDescriptor;
  layers: OciDescriptor[];
  annotations?: Record<string, string>;
}

export function makeManifest(config: { digest: Digest; size: number }, layers: LayerRecord[]): Promise<RawJSON<OciManifest>> {
  return encodeJSON<OciManifest>({
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.ociManifest,
    config: { mediaType: MEDIA_TYPES.ociConfig, digest: config.digest, size: config.size },
    layers: layers.map((l) => ({ mediaType: l.mediaType, digest: l.digest, size: l.compressedSize })),
  });
}

/** ChainID per the OCI spec: identifies a layer together with everything under it. */
export async function chainIDs(diffIDs: Digest[]): Promise<Digest[]> {
  const out: Digest[] = [];
  for (const d of diffIDs) {
    out.push(out.length === 0 ? d : await sha256Digest(enc.encode(`${out[out.length - 1]} ${d}`)));
  }
  return out;
}

/** The diffID of an empty layer (a tar of just the two end blocks): docker marks such history entries empty. */
export const EMPTY_LAYER_DIFFID: Digest = 'sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef';

export function isoNow(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, (m) => (m === '.000Z' ? 'Z' : m));
}
