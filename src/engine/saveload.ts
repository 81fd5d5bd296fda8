/**
 * `docker save` and `docker load`. Save writes one tar holding both layouts, as
 * Docker 25+ does: the docker-archive (manifest.json, repositories) and the OCI
 * image layout (oci-layout, index.json, blobs/sha256/...), sharing the same blobs,
 * with layers as uncompressed tars so a layer's blob digest is its diffID. Load reads
 * either layout, plain or gzipped, and the older `<id>/layer.tar` archives; it
 * verifies every digest and parses everything before writing anything.
 */
import { sha256Digest } from './archive/digest';
import { gunzipSafe, isGzip } from './archive/gzip';
import { readTar, writeTar, type TarEntry } from './archive/tar';
import type { Engine } from './engine';
import { EngineError } from './errors';
import { familiarName, familiarString, normalize, parseReference } from './reference';
import { encodeJSON, parseImageConfig, parseJSON, type OciDescriptor, type OciManifest } from './image';
import { layerFromTar, type BuiltLayer } from './layers';
import { MAX_LAYERS, MEDIA_TYPES, type Digest } from './types';

const enc = new TextEncoder();
const hex = (d: string) => d.replace(/^sha256:/, '');

interface SaveItem {
  id: Digest;
  /** Full references ("docker.io/library/nginx:latest"). */
  refs: string[];
}

export async function saveImages(engine: Engine, refs: string[]): Promise<Uint8Array> {
  if (refs.length === 0) throw new EngineError('INVALID_ARGUMENT', 'docker save requires at least 1 argument', {});
  const items = new Map<Digest, SaveItem>();
  const tags = await engine.store.meta.all('tags');
  for (const ref of refs) {
    const img = await engine.resolveImage(ref);
    const item = items.get(img.id) ?? { id: img.id, refs: [] };
    items.set(img.id, item);
    let named: string | undefined;
    try {
      const r = parseReference(ref);
      if (!r.digest && !img.id.slice(7).startsWith(hex(ref))) named = ref;
    } catch {
      named = undefined;
    }
    if (!named) continue;
    // "nginx" names the repository: save every tag of it on this image, as docker does.
    const full = normalize(named);
    const explicitTag = /:[^/]+$/.test(named);
    const picked = explicitTag ? [full] : tags.filter((t) => t.image === img.id && familiarName(t.ref) === familiarName(full)).map((t) => t.ref);
    for (const p of picked) if (!item.refs.includes(p)) item.refs.push(p);
  }

  const files = new Map<string, Uint8Array>();
  const manifestJson: Array<{ Config: string; RepoTags: string[] | null; Layers: string[] }> = [];
  const repositories: Record<string, Record<string, string>> = {};
  const index: { schemaVersion: 2; mediaType: string; manifests: OciDescriptor[] } = { schemaVersion: 2, mediaType: MEDIA_TYPES.ociIndex, manifests: [] };
  for (const item of items.values()) {
    const img = await engine.getImage(item.id);
    const { raw } = await engine.configOf(img);
    files.set(`blobs/sha256/${hex(img.id)}`, raw);
    const layers: OciDescriptor[] = [];
    for (const rec of await engine.layerRecords(img)) {
      const blob = await engine.store.blobs.get(rec.digest);
      const tar = isGzip(blob) ? gunzipSafe(blob) : blob;
      files.set(`blobs/sha256/${hex(rec.diffID)}`, tar);
      layers.push({ mediaType: MEDIA_TYPES.ociLayer, digest: rec.diffID, size: tar.length });
    }
    const manifest = await encodeJSON<OciManifest>({
      schemaVersion: 2, mediaType: MEDIA_TYPES.ociManifest,
      config: { mediaType: MEDIA_TYPES.ociConfig, digest: img.id, size: raw.length }, layers,
    });
    files.set(`blobs/sha256/${hex(manifest.digest)}`, manifest.bytes);
    const desc = (annotations?: Record<string, string>): OciDescriptor => ({ mediaType: MEDIA_TYPES.ociManifest, digest: manifest.digest, size: manifest.bytes.length, ...(annotations ? { annotations } : {}) });
    if (item.refs.length === 0) index.manifests.push(desc());
    for (const r of item.refs) {
      const tag = r.slice(r.lastIndexOf(':') + 1);
      index.manifests.push(desc({ 'io.containerd.image.name': r, 'org.opencontainers.image.ref.name': tag }));
      const repo = familiarName(r);
      (repositories[repo] ??= {})[tag] = hex(layers.length ? layers[layers.length - 1].digest : img.id);
    }
    manifestJson.push({ Config: `blobs/sha256/${hex(img.id)}`, RepoTags: item.refs.length ? item.refs.map((r) => familiarString(r)) : null, Layers: layers.map((l) => `blobs/sha256/${hex(l.digest)}`) });
  }
  files.set('index.json', enc.encode(JSON.stringify(index)));
  files.set('manifest.json', enc.encode(JSON.stringify(manifestJson)));
  files.set('oci-layout', enc.encode(JSON.stringify({ imageLayoutVersion: '1.0.0' })));
  if (Object.keys(repositories).length) files.set('repositories', enc.encode(JSON.stringify(repositories)));

  // Fixed metadata and sorted names: saving the same images twice gives the same bytes.
  const dir = (path: string): TarEntry => ({ path, type: 'dir', mode: 0o755, uid: 0, gid: 0, mtime: 0, size: 0 });
  const entries: TarEntry[] = [dir('blobs'), dir('blobs/sha256')];
  for (const name of [...files.keys()].sort()) {
    const data = files.get(name)!;
    entries.push({ path: name, type: 'file', mode: 0o644, uid: 0, gid: 0, mtime: 0, size: data.length, data });
  }
  return writeTar(entries);
}

// ---- load --------------------------------------------------------------------

interface Pending {
  configRaw: Uint8Array;
  configDigest: Digest;
  layers: BuiltLayer[];
  tags: string[];
}

class Archive {
  private files = new Map<string, TarEntry>();
  constructor(entries: TarEntry[]) {
    for (const e of entries) this.files.set(e.path, e);
  }
  has(path: string): boolean {
    return this.files.has(clean(path));
  }
  /** A file's bytes, following symlinks inside the archive (old archives link duplicate layers). */
  read(path: string, hops = 0): Uint8Array {
    const p = clean(path);
    const e = this.files.get(p);
    if (!e) throw new EngineError('BAD_ARCHIVE', `invalid archive: ${p} is missing`, { path: p });
    if (e.type === 'symlink' && hops < 8) {
      const base = p.includes('/') ? p.slice(0, p.lastIndexOf('/') + 1) : '';
      return this.read(e.linkname!.startsWith('/') ? e.linkname! : base + e.linkname, hops + 1);
    }
    if (e.type === 'hardlink') return this.read(e.linkname!, hops + 1);
    if (e.type !== 'file') throw new EngineError('BAD_ARCHIVE', `invalid archive: ${p} is not a file`, { path: p });
    return e.data ?? new Uint8Array(0);
  }
}

function clean(path: string): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (!out.pop()) throw new EngineError('UNSAFE_PATH', `archive path escapes the archive: ${path}`, { path });
    } else out.push(part);
  }
  return out.join('/');
}

async function checkNamedDigest(path: string, bytes: Uint8Array): Promise<void> {
  const m = /(?:^|\/)(?:blobs\/sha256\/)?([0-9a-f]{64})(?:\.json)?$/.exec(path);
  if (!m || !(path.startsWith('blobs/sha256/') || path.endsWith('.json'))) return;
  const got = await sha256Digest(bytes);
  if (got !== `sha256:${m[1]}`) throw new EngineError('DIGEST_MISMATCH', `${path}: content digest is ${got}`, { path, actual: got });
}

async function checkDescriptor(desc: OciDescriptor, bytes: Uint8Array): Promise<void> {
  const got = await sha256Digest(bytes);
  if (got !== desc.digest) throw new EngineError('DIGEST_MISMATCH', `blob ${desc.digest} has digest ${got}`, { expected: desc.digest, actual: got });
  if (typeof desc.size === 'number' && desc.size !== bytes.length) throw new EngineError('DIGEST_MISMATCH', `blob ${desc.digest} has ${bytes.length} bytes, expected ${desc.size}`, { expected: desc.digest });
}

async function buildImage(configRaw: Uint8Array, layerBlobs: Uint8Array[], tags: string[]): Promise<Pending> {
  const config = parseImageConfig(configRaw);
  const diffIDs = config.rootfs.diff_ids;
  if (diffIDs.length > MAX_LAYERS) throw new EngineError('MAX_DEPTH', 'max depth exceeded', { layers: diffIDs.length });
  if (diffIDs.length !== layerBlobs.length) {
    throw new EngineError('BAD_ARCHIVE', `invalid archive: config lists ${diffIDs.length} layers, manifest ${layerBlobs.length}`, {});
  }
  const layers: BuiltLayer[] = [];
  for (let i = 0; i < layerBlobs.length; i++) {
    const tar = isGzip(layerBlobs[i]) ? gunzipSafe(layerBlobs[i]) : layerBlobs[i];
    const built = await layerFromTar(tar);
    if (built.record.diffID !== diffIDs[i]) {
      throw new EngineError('DIGEST_MISMATCH', `layer ${i + 1}: diffID ${built.record.diffID} does not match the config's ${diffIDs[i]}`, { expected: diffIDs[i], actual: built.record.diffID });
    }
    layers.push(built);
  }
  for (const t of tags) normalize(t); // invalid names fail before anything is written
  return { configRaw, configDigest: await sha256Digest(configRaw), layers, tags };
}

async function fromDockerArchive(a: Archive): Promise<Pending[]> {
  const list = parseJSON<Array<{ Config: string; RepoTags?: string[] | null; Layers: string[] }>>(a.read('manifest.json'), 'manifest.json');
  if (!Array.isArray(list)) throw new EngineError('BAD_ARCHIVE', 'invalid archive: manifest.json is not a list', {});
  const out: Pending[] = [];
  for (const m of list) {
    if (typeof m?.Config !== 'string' || !Array.isArray(m.Layers)) throw new EngineError('BAD_ARCHIVE', 'invalid archive: malformed manifest.json entry', {});
    const configRaw = a.read(m.Config);
    await checkNamedDigest(clean(m.Config), configRaw);
    const blobs: Uint8Array[] = [];
    for (const l of m.Layers) {
      const b = a.read(l);
      await checkNamedDigest(clean(l), b);
      blobs.push(b);
    }
    out.push(await buildImage(configRaw, blobs, m.RepoTags ?? []));
  }
  return out;
}

async function fromOciLayout(a: Archive): Promise<Pending[]> {
  const out: Pending[] = [];
  const blob = (d: Digest) => {
    if (!/^sha256:[0-9a-f]{64}$/.test(d)) throw new EngineError('BAD_ARCHIVE', `invalid archive: bad digest ${d}`, {});
    return a.read(`blobs/sha256/${hex(d)}`);
  };
  const visit = async (descs: OciDescriptor[], depth: number): Promise<void> => {
    if (depth > 4) throw new EngineError('BAD_ARCHIVE', 'invalid archive: indexes nested too deeply', {});
    for (const d of descs) {
      const bytes = blob(d.digest);
      await checkDescriptor(d, bytes);
      if (d.mediaType === MEDIA_TYPES.ociIndex || d.mediaType === 'application/vnd.docker.distribution.manifest.list.v2+json') {
        const idx = parseJSON<{ manifests: OciDescriptor[] }>(bytes, 'image index');
        await visit((idx.manifests ?? []).filter((m) => !m.platform || (m.platform.os === 'linux' && m.platform.architecture === 'amd64')), depth + 1);
        continue;
      }
      const man = parseJSON<OciManifest>(bytes, 'image manifest');
      if (!man.config || !Array.isArray(man.layers)) throw new EngineError('BAD_ARCHIVE', 'invalid archive: malformed image manifest', {});
      const configRaw = blob(man.config.digest);
      await checkDescriptor(man.config, configRaw);
      const layerBlobs: Uint8Array[] = [];
      for (const l of man.layers) {
        const b = blob(l.digest);
        await checkDescriptor(l, b);
        layerBlobs.push(b);
      }
      const ann = d.annotations ?? {};
      const name = ann['io.containerd.image.name'] ?? ann['org.opencontainers.image.ref.name'];
      // A bare tag ("latest") names no repository, so the image loads untagged.
      const tags = name && (name.includes('/') || name.includes(':')) ? [name] : [];
      out.push(await buildImage(configRaw, layerBlobs, tags));
    }
  };
  const index = parseJSON<{ manifests?: OciDescriptor[] }>(a.read('index.json'), 'index.json');
  await visit(index.manifests ?? [], 0);
  return out;
}

export async function loadImages(engine: Engine, input: Uint8Array): Promise<{ loaded: Array<{ id: Digest; tags: string[] }>; lines: string[] }> {
  const bytes = isGzip(input) ? gunzipSafe(input) : input;
  const archive = new Archive(readTar(bytes));
  let pending: Pending[];
  if (archive.has('manifest.json')) pending = await fromDockerArchive(archive);
  else if (archive.has('index.json')) pending = await fromOciLayout(archive);
  else throw new EngineError('BAD_ARCHIVE', 'open /var/lib/docker/tmp/docker-import/manifest.json: no such file or directory', {});
  if (pending.length === 0) throw new EngineError('BAD_ARCHIVE', 'invalid archive: no images found', {});

  // Everything parsed and verified: now write.
  const loaded: Array<{ id: Digest; tags: string[] }> = [];
  const lines: string[] = [];
  for (const p of pending) {
    const img = await engine.putImage({ configRaw: p.configRaw, configDigest: p.configDigest, newLayers: p.layers, tags: p.tags });
    const tags = p.tags.map((t) => familiarString(normalize(t)));
    loaded.push({ id: img.id, tags });
    if (tags.length === 0) lines.push(`Loaded image ID: ${img.id}`);
    for (const t of tags) lines.push(`Loaded image: ${t}`);
  }
  return { loaded, lines };
}
