/**
 * The engine: images, tags, layers and containers over an injected Store. It owns
 * the in-memory caches (parsed layers, merged trees, open container views) and the
 * write discipline: blobs first, then the metadata that references them in one
 * transaction, so an interrupted write leaves at worst orphan blobs for the sweep.
 */
import { EngineError } from './errors';
import { chainIDs, makeManifest, parseImageConfig } from './image';
import { LayerCache, type BuiltLayer } from './layers';
import { familiarString, normalize, parseReference } from './reference';
import type { MetaOp, Store } from './store/types';
import { sweepOrphans } from './store/sweep';
import { buildMergedTree } from './union/merged';
import type { ContainerFS, ReadTree } from './union/types';
import { openContainerFS } from './mounts';
import { defaultEnv, MAX_LAYERS, type Digest, type EngineEnv, type ImageConfig, type ImageRecord, type LayerRecord } from './types';

export interface ImageSummary {
  id: Digest;
  /** Familiar repo:tag strings ("nginx:latest"), sorted. */
  tags: string[];
  created: string;
  size: number;
  parent?: Digest;
  /** True for untagged images with children (hidden by `docker images` without -a). */
  intermediate: boolean;
  /** Untagged and no children: shown as <none>:<none>. */
  dangling: boolean;
  layers: number;
}

export class Engine {
  readonly layers: LayerCache;
  private merged = new Map<Digest, ReadTree>();
  private containerViews = new Map<string, Promise<ContainerFS>>();
  /** Mount trees by owner, shared by every container that mounts them (named volumes). */
  readonly mountTrees = new Map<string, import('./union/mount').MountTree>();

  private constructor(readonly store: Store, readonly env: EngineEnv) {
    this.layers = new LayerCache(store.blobs);
  }

  /** Open an engine over a store, sweeping what an interrupted write left behind. */
  static async open(store: Store, env: EngineEnv = defaultEnv): Promise<Engine> {
    await sweepOrphans(store);
    return new Engine(store, env);
  }

  now(): Date {
    return this.env.now();
  }

  // ---- images and tags ----------------------------------------------------

  async allImages(): Promise<ImageRecord[]> {
    return this.store.meta.all('images');
  }

  async tagsByImage(): Promise<Map<Digest, string[]>> {
    const m = new Map<Digest, string[]>();
    for (const t of await this.store.meta.all('tags')) {
      const list = m.get(t.image) ?? [];
      list.push(familiarString(t.ref));
      m.set(t.image, list);
    }
    for (const list of m.values()) list.sort();
    return m;
  }

  async listImages(): Promise<ImageSummary[]> {
    const [images, tags] = await Promise.all([this.allImages(), this.tagsByImage()]);
    const hasChildren = new Set(images.map((i) => i.parent).filter(Boolean) as Digest[]);
    return images
      .map((i) => {
        const t = tags.get(i.id) ?? [];
        return {
          id: i.id, tags: t, created: i.created, size: i.size, parent: i.parent,
          intermediate: t.length === 0 && hasChildren.has(i.id),
          dangling: t.length === 0 && !hasChildren.has(i.id),
          layers: i.layers.length,
        };
      })
      .sort((a, b) => (a.created < b.created ? 1 : a.created > b.created ? -1 : a.id.localeCompare(b.id)));
  }

  async getImage(id: Digest): Promise<ImageRecord> {
    const img = await this.store.meta.get('images', id);
    if (!img) throw new EngineError('NO_SUCH_IMAGE', `No such image: ${id}`, { ref: id });
    return img;
  }

  /**
   * Find an image the way docker does: a tag ("nginx", "nginx:v2"), a full or
   * "sha256:"-prefixed ID, or a unique ID prefix.
   */
  async resolveImage(ref: string): Promise<ImageRecord> {
    const notFound = () => new EngineError('NO_SUCH_IMAGE', `No such image: ${ref}`, { ref });
    const hex = ref.startsWith('sha256:') ? ref.slice(7) : ref;
    if (/^[0-9a-f]{64}$/.test(hex)) {
      const img = await this.store.meta.get('images', `sha256:${hex}`);
      if (img) return img;
      throw notFound();
    }
    let full: string | undefined;
    try {
      const r = parseReference(ref);
      if (!r.digest) full = normalize(ref);
    } catch {
      full = undefined;
    }
    if (full) {
      const tag = await this.store.meta.get('tags', full);
      if (tag) return this.getImage(tag.image);
    }
    if (/^[0-9a-f]{1,63}$/.test(hex) && (ref.startsWith('sha256:') || hex.length >= 1)) {
      const matches = (await this.allImages()).filter((i) => i.id.slice(7).startsWith(hex));
      if (matches.length === 1) return matches[0];
      if (matches.length > 1) throw new EngineError('NO_SUCH_IMAGE', `No such image: ${ref} (ambiguous prefix)`, { ref });
    }
    if (!full) throw new EngineError('INVALID_REFERENCE', 'invalid reference format', { ref });
    throw notFound();
  }

  async configOf(img: ImageRecord): Promise<{ raw: Uint8Array; config: ImageConfig }> {
    const raw = await this.store.blobs.get(img.id);
    return { raw, config: parseImageConfig(raw) };
  }

  async layerRecords(img: ImageRecord): Promise<LayerRecord[]> {
    const out: LayerRecord[] = [];
    for (const d of img.layers) {
      const rec = await this.store.meta.get('layers', d);
      if (!rec) throw new EngineError('BLOB_NOT_FOUND', `layer ${d} of image ${img.id} is missing from the store`, { diffID: d });
      out.push(rec);
    }
    return out;
  }

  /** The merged read-only tree of an image (all its layers), built once and cached. */
  async mergedTree(img: ImageRecord): Promise<ReadTree> {
    const hit = this.merged.get(img.id);
    if (hit) return hit;
    const records = await this.layerRecords(img);
    const changes = await Promise.all(records.map((r) => this.layers.get(r)));
    const tree = buildMergedTree(changes);
    this.merged.set(img.id, tree);
    return tree;
  }

  /** The tree as seen from layer `index` (0 = bottom): explorers show any layer. */
  async treeAtLayer(img: ImageRecord, index: number): Promise<ReadTree> {
    const records = await this.layerRecords(img);
    const changes = await Promise.all(records.slice(0, index + 1).map((r) => this.layers.get(r)));
    return buildMergedTree(changes);
  }

  /**
   * Store a new image: its new layer blobs, config and manifest blobs first, then
   * the layer records, image record and tags in one metadata transaction.
   */
  async putImage(opts: {
    configRaw: Uint8Array;
    configDigest: Digest;
    newLayers: BuiltLayer[];
    parent?: Digest;
    tags?: string[];
    buildCache?: ImageRecord['buildCache'];
    repoDigests?: string[];
    extraBlobs?: Array<{ digest: Digest; bytes: Uint8Array }>;
  }): Promise<ImageRecord> {
    const config = parseImageConfig(opts.configRaw);
    const diffIDs = config.rootfs.diff_ids;
    if (diffIDs.length > MAX_LAYERS) {
      throw new EngineError('MAX_DEPTH', 'max depth exceeded', { layers: diffIDs.length, max: MAX_LAYERS });
    }
    const fresh = new Map(opts.newLayers.map((l) => [l.record.diffID, l]));
    const records: LayerRecord[] = [];
    for (const d of diffIDs) {
      const rec = fresh.get(d)?.record ?? (await this.store.meta.get('layers', d));
      if (!rec) throw new EngineError('BLOB_NOT_FOUND', `layer ${d} is not in the store`, { diffID: d });
      records.push(rec);
    }
    const manifest = await makeManifest({ digest: opts.configDigest, size: opts.configRaw.length }, records);
    const blobs = [
      ...opts.newLayers.map((l) => ({ digest: l.record.digest, bytes: l.blob })),
      ...(opts.extraBlobs ?? []),
      { digest: opts.configDigest, bytes: opts.configRaw },
      { digest: manifest.digest, bytes: manifest.bytes },
    ];
    await this.store.blobs.put(blobs);

    const record: ImageRecord = {
      id: opts.configDigest,
      layers: diffIDs,
      parent: opts.parent,
      manifestDigest: manifest.digest,
      created: config.created ?? new Date(0).toISOString(),
      size: records.reduce((n, r) => n + r.size, 0),
      ...(opts.buildCache ? { buildCache: opts.buildCache } : {}),
      ...(opts.repoDigests ? { repoDigests: opts.repoDigests } : {}),
    };
    if (!record.parent) delete record.parent;
    const ops: MetaOp[] = [
      ...opts.newLayers.map((l): MetaOp => ({ op: 'put', table: 'layers', value: l.record })),
      { op: 'put', table: 'images', value: record },
      ...(opts.tags ?? []).map((t): MetaOp => ({ op: 'put', table: 'tags', value: { ref: normalize(t), image: record.id } })),
    ];
    await this.store.meta.write(ops);
    for (const l of opts.newLayers) this.layers.remember(l.record.diffID, l.changes);
    return record;
  }

  /** `docker tag SOURCE TARGET`: a tag is a name on an image ID, never a copy. */
  async tag(source: string, target: string): Promise<void> {
    const img = await this.resolveImage(source);
    const ref = parseReference(target);
    if (ref.digest) throw new EngineError('INVALID_REFERENCE', 'refusing to create a tag with a digest reference', { ref: target });
    await this.store.meta.write([{ op: 'put', table: 'tags', value: { ref: normalize(target), image: img.id } }]);
  }

  /** Chain IDs of an image's layers (what `docker rmi` prints as Deleted layers). */
  chainIDsOf(img: ImageRecord): Promise<Digest[]> {
    return chainIDs(img.layers);
  }

  /**
   * The container's filesystem view, opened once and kept: its writable layer is
   * in memory and persisted by `flush()`.
   */
  openContainer(id: string): Promise<ContainerFS> {
    let p = this.containerViews.get(id);
    if (!p) {
      p = openContainerFS(this, id);
      this.containerViews.set(id, p);
      p.catch(() => this.containerViews.delete(id));
    }
    return p;
  }

  /** Drop a removed container's view (and mounts only it used). */
  forgetContainer(id: string): void {
    this.containerViews.delete(id);
    for (const key of [...this.mountTrees.keys()]) if (key.startsWith(`mounts:${id}/`)) this.mountTrees.delete(key);
  }

  /** Forget caches for images and layers that no longer exist. */
  dropCaches(imageIds: Digest[], diffIDs: Digest[]): void {
    for (const id of imageIds) this.merged.delete(id);
    for (const d of diffIDs) this.layers.forget(d);
  }
}
