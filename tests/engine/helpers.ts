/** Test helpers: build images directly from changesets, with a fixed clock. */
import { Engine } from '../../src/engine/engine';
import { encodeJSON } from '../../src/engine/image';
import { buildLayer } from '../../src/engine/layers';
import { createMemoryStore } from '../../src/engine/store/memory';
import type { Store } from '../../src/engine/store/types';
import type { ContainerConfig, EngineEnv, ImageConfig, LayerChanges, TreeEntry } from '../../src/engine/types';

const enc = new TextEncoder();

export function fixedEnv(start = Date.UTC(2024, 0, 1)): EngineEnv & { tick(ms: number): void } {
  let t = start;
  let seed = 1;
  return {
    now: () => new Date(t),
    tick(ms) {
      t += ms;
    },
    randomBytes(n) {
      const b = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        seed = (seed * 1103515245 + 12345) >>> 0;
        b[i] = seed >>> 24;
      }
      return b;
    },
  };
}

export const dir = (mode = 0o755): TreeEntry => ({ type: 'dir', mode, uid: 0, gid: 0, mtime: 1_700_000_000 });
export const file = (text: string, mode = 0o644): TreeEntry => ({ type: 'file', mode, uid: 0, gid: 0, mtime: 1_700_000_000, data: enc.encode(text) });
export const link = (target: string): TreeEntry => ({ type: 'symlink', mode: 0o777, uid: 0, gid: 0, mtime: 1_700_000_000, target });

export function changes(entries: Record<string, TreeEntry>, whiteouts: string[] = [], opaque: string[] = []): LayerChanges {
  return { entries: new Map(Object.entries(entries)), whiteouts: new Set(whiteouts), opaque: new Set(opaque) };
}

/** Store an image made of these layers (each with a history entry) and tag it. */
export async function makeImage(engine: Engine, tag: string, layers: Array<{ changes: LayerChanges; createdBy: string }>, config: ContainerConfig = { Cmd: ['/bin/sh'] }) {
  const built = await Promise.all(layers.map((l) => buildLayer(l.changes)));
  const cfg: ImageConfig = {
    architecture: 'amd64', os: 'linux', created: '2023-11-14T22:13:20Z', config,
    rootfs: { type: 'layers', diff_ids: built.map((b) => b.record.diffID) },
    history: layers.map((l) => ({ created: '2023-11-14T22:13:20Z', created_by: l.createdBy })),
  };
  const raw = await encodeJSON(cfg);
  return engine.putImage({ configRaw: raw.bytes, configDigest: raw.digest, newLayers: built, tags: [tag] });
}

export async function newEngine(store: Store = createMemoryStore()): Promise<Engine> {
  return Engine.open(store, fixedEnv());
}

/** The nginx tutorial's base image, small. */
export async function nginxLike(engine: Engine) {
  return makeImage(engine, 'nginx:latest', [
    { createdBy: '/bin/sh -c #(nop) ADD file:abc in / ', changes: changes({ '/bin': dir(), '/bin/sh': file('#!toy sh'), '/etc': dir(), '/etc/hosts': file('image hosts\n'), '/root': dir(0o700), '/usr': dir(), '/usr/share': dir(), '/var': dir(), '/var/cache': dir(), '/tmp': dir(0o1777) }) },
    { createdBy: '/bin/sh -c apt-get install nginx', changes: changes({ '/usr/share/nginx': dir(), '/usr/share/nginx/html': dir(), '/usr/share/nginx/html/index.html': file('<h1>Welcome to nginx!</h1>\n'), '/var/cache/nginx': dir(), '/etc/nginx': dir(), '/etc/nginx/nginx.conf': file('worker_processes 1;\n') }) },
  ], { Cmd: ['nginx', '-g', 'daemon off;'], ExposedPorts: { '80/tcp': {} } });
}
