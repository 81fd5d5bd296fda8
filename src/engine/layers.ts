/**
 * Layers: turning a changeset into a content-addressed OCI layer blob, and a blob
 * back into a changeset. diffID = sha256 of the uncompressed tar; digest = sha256 of
 * the deterministic gzip of it. Both are computed from the bytes, never invented.
 */
import { sha256Digest } from './archive/digest';
import { gunzipSafe, gzipDeterministic, isGzip } from './archive/gzip';
import { readTar, writeTar, type TarEntry } from './archive/tar';
import { EngineError } from './errors';
import type { BlobStore } from './store/types';
import { layerChangesFromTar, tarEntriesFromChanges } from './union/changeset';
import { MEDIA_TYPES, type Digest, type LayerChanges, type LayerRecord } from './types';

export interface BuiltLayer {
  record: LayerRecord;
  /** The gzip blob, to be put in the blob store under record.digest. */
  blob: Uint8Array;
  changes: LayerChanges;
}

/** Sum of regular-file sizes: what docker calls a layer's size. */
export function changesSize(changes: LayerChanges): number {
  let n = 0;
  for (const e of changes.entries.values()) if (e.type === 'file' && e.data) n += e.data.length;
  return n;
}

/** Build a layer from a changeset: tar it, hash it, gzip it, hash that. */
export async function buildLayer(changes: LayerChanges): Promise<BuiltLayer> {
  const tar = writeTar(tarEntriesFromChanges(changes) as TarEntry[]);
  return layerFromTar(tar, changes);
}

/** Build a layer record from raw uncompressed tar bytes (import, load of uncompressed layers). */
export async function layerFromTar(tar: Uint8Array, changes?: LayerChanges): Promise<BuiltLayer> {
  const parsed = changes ?? layerChangesFromTar(readTar(tar));
  const diffID = await sha256Digest(tar);
  const blob = gzipDeterministic(tar);
  const digest = await sha256Digest(blob);
  return {
    record: {
      diffID,
      digest,
      mediaType: MEDIA_TYPES.ociLayerGzip,
      compressedSize: blob.length,
      tarSize: tar.length,
      size: changesSize(parsed),
    },
    blob,
    changes: parsed,
  };
}

/**
 * Parse a stored layer blob back into its changeset, checking that the content is
 * what its digests say it is. A blob may be gzip or plain tar (docker archives
 * carry plain tars).
 */
export async function openLayerBlob(blob: Uint8Array, expect: { digest?: Digest; diffID?: Digest }): Promise<{ tar: Uint8Array; changes: LayerChanges }> {
  if (expect.digest) {
    const got = await sha256Digest(blob);
    if (got !== expect.digest) {
      throw new EngineError('DIGEST_MISMATCH', `layer blob digest mismatch: expected ${expect.digest}, got ${got}`, { expected: expect.digest, actual: got });
    }
  }
  const tar = isGzip(blob) ? gunzipSafe(blob) : blob;
  if (expect.diffID) {
    const got = await sha256Digest(tar);
    if (got !== expect.diffID) {
      throw new EngineError('DIGEST_MISMATCH', `layer diffID mismatch: expected ${expect.diffID}, got ${got}`, { expected: expect.diffID, actual: got });
    }
  }
  return { tar, changes: layerChangesFromTar(readTar(tar)) };
}

/**
 * Parsed layers kept in memory by diffID. Layers are immutable, so a parsed
 * changeset can be shared by every image and container that uses it.
 */
export class LayerCache {
  private parsed = new Map<Digest, LayerChanges>();
  private pending = new Map<Digest, Promise<LayerChanges>>();

  constructor(private blobs: BlobStore) {}

  remember(diffID: Digest, changes: LayerChanges): void {
    this.parsed.set(diffID, changes);
  }

  forget(diffID: Digest): void {
    this.parsed.delete(diffID);
  }

  async get(record: LayerRecord): Promise<LayerChanges> {
    const hit = this.parsed.get(record.diffID);
    if (hit) return hit;
    let p = this.pending.get(record.diffID);
    if (!p) {
      // Verifying digests on every load would double the cost of opening an image;
      // blobs were verified when they entered the store, so only the diffID relation
      // (cheap relative to parsing) is rechecked here.
      p = this.blobs
        .get(record.digest)
        .then((blob) => openLayerBlob(blob, { diffID: record.diffID }))
        .then(({ changes }) => {
          this.parsed.set(record.diffID, changes);
          return changes;
        })
        .finally(() => this.pending.delete(record.diffID));
      this.pending.set(record.diffID, p);
    }
    return p;
  }
}
