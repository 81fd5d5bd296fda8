/**
 * One object with every engine operation bound to an engine: what the shell, the
 * UI and automation (window.layerlab) call. Each operation lives in its own module.
 */
import { commitContainer, type CommitOptions } from './commit';
import { allContainers, createContainer, removeContainer, resolveContainer, setState, type CreateContainerOptions } from './containers';
import type { Engine } from './engine';
import { imageHistory } from './history';
import { encodeJSON } from './image';
import { buildLayer } from './layers';
import { removeImage } from './rmi';
import { loadImages, saveImages } from './saveload';
import { exportContainer, importImage, type ImportOptions } from './exportimport';
import type { ContainerConfig, ImageConfig, LayerChanges, TreeEntry } from './types';

export function bindApi(engine: Engine) {
  return {
    engine,
    images: () => engine.listImages(),
    containers: () => allContainers(engine),
    inspectContainer: (ref: string) => resolveContainer(engine, ref),
    create: (opts: CreateContainerOptions) => createContainer(engine, opts),
    start: (ref: string) => setState(engine, ref, 'start'),
    stop: (ref: string) => setState(engine, ref, 'stop'),
    setState: (ref: string, action: 'start' | 'stop' | 'restart' | 'pause' | 'unpause') => setState(engine, ref, action),
    /** The container's main process ended with this code. */
    die: (ref: string, code: number) => setState(engine, ref, 'die', code),
    save: (refs: string[]) => saveImages(engine, refs),
    load: (bytes: Uint8Array) => loadImages(engine, bytes),
    exportContainer: (ref: string) => exportContainer(engine, ref),
    importImage: (bytes: Uint8Array, opts?: ImportOptions) => importImage(engine, bytes, opts),
    rm: (ref: string, opts?: { force?: boolean; volumes?: boolean }) => removeContainer(engine, ref, opts),
    commit: (ref: string, opts?: CommitOptions) => commitContainer(engine, ref, opts),
    history: (ref: string) => imageHistory(engine, ref),
    rmi: (ref: string, opts?: { force?: boolean; noPrune?: boolean }) => removeImage(engine, ref, opts),
    tag: (src: string, target: string) => engine.tag(src, target),
    /** The container's filesystem, for scripted changes (what the shell's commands do). */
    fs: (ref: string) => resolveContainer(engine, ref).then((c) => engine.openContainer(c.id)),
    diff: async (ref: string) => (await engine.openContainer((await resolveContainer(engine, ref)).id)).diff(),
    /** Make an image from plain file lists: a quick way to script a base image. */
    async imageFromFiles(tag: string, layers: Array<{ createdBy: string; files: Record<string, string | null | { text: string; mode: number }> }>, config: ContainerConfig = {}) {
      const built = [];
      for (const l of layers) {
        const changes: LayerChanges = { entries: new Map(), whiteouts: new Set(), opaque: new Set() };
        for (const [path, value] of Object.entries(l.files)) {
          if (value === null) changes.whiteouts.add(path);
          else if (path.endsWith('/')) changes.entries.set(path.slice(0, -1), { type: 'dir', mode: 0o755, uid: 0, gid: 0, mtime: 0 } as TreeEntry);
          else {
            const { text, mode } = typeof value === 'string' ? { text: value, mode: 0o644 } : value;
            changes.entries.set(path, { type: 'file', mode, uid: 0, gid: 0, mtime: 0, data: new TextEncoder().encode(text) });
          }
        }
        built.push(await buildLayer(changes));
      }
      const created = engine.now().toISOString();
      const cfg: ImageConfig = {
        architecture: 'amd64', os: 'linux', created, config,
        rootfs: { type: 'layers', diff_ids: built.map((b) => b.record.diffID) },
        history: layers.map((l) => ({ created, created_by: l.createdBy })),
      };
      const raw = await encodeJSON(cfg);
      return engine.putImage({ configRaw: raw.bytes, configDigest: raw.digest, newLayers: built, tags: [tag] });
    },
  };
}

export type LayerlabApi = ReturnType<typeof bindApi>;
