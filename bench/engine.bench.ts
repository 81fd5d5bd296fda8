/**
 * Engine benchmarks (`npm run bench`). Every figure is printed next to a baseline
 * measured in the same run, as a ratio, so results compare across machines.
 */
import 'fake-indexeddb/auto';
import { sha256Digest } from '../src/engine/archive/digest';
import { gzipDeterministic } from '../src/engine/archive/gzip';
import { writeTar } from '../src/engine/archive/tar';
import { commitContainer } from '../src/engine/commit';
import { createContainer } from '../src/engine/containers';
import { Engine } from '../src/engine/engine';
import { importImage } from '../src/engine/exportimport';
import { openIdbStore } from '../src/engine/store/idb';
import { createMemoryStore } from '../src/engine/store/memory';
import { buildMergedTree } from '../src/engine/union/merged';
import { createContainerFS } from '../src/engine/union/overlay';
import type { LayerChanges, TreeEntry } from '../src/engine/types';
import { report, time, timeAsync } from './report';

const enc = new TextEncoder();

function file(data: Uint8Array): TreeEntry {
  return { type: 'file', mode: 0o644, uid: 0, gid: 0, mtime: 1_700_000_000, data };
}
function dir(): TreeEntry {
  return { type: 'dir', mode: 0o755, uid: 0, gid: 0, mtime: 1_700_000_000 };
}

/** A layer touching 200 files in 20 dirs, plus one file unique to it. */
function layer(k: number): LayerChanges {
  const entries = new Map<string, TreeEntry>();
  for (let d = 0; d < 20; d++) {
    entries.set(`/d${d}`, dir());
    for (let f = 0; f < 10; f++) entries.set(`/d${d}/f${f}`, file(enc.encode(`layer ${k} dir ${d} file ${f}\n`)));
  }
  entries.set(`/only${k}`, file(enc.encode(`only in ${k}\n`)));
  return { entries, whiteouts: new Set(), opaque: new Set() };
}

async function unionLookup(): Promise<void> {
  const paths = Array.from({ length: 200 }, (_, i) => `/d${i % 20}/f${i % 10}`);
  const perLookup = (depth: number) => {
    const tree = buildMergedTree(Array.from({ length: depth }, (_, k) => layer(k)));
    // Through a container's view, as the shell reaches files: stat, then read.
    const fs = createContainerFS({ lower: tree, owner: 'bench', now: () => new Date(0), persist: async () => {} });
    const rounds = 500;
    const ns = time(() => {
      for (let r = 0; r < rounds; r++) {
        for (const p of paths) {
          if (fs.stat(p).type !== 'file' || fs.readFile(p).length === 0) throw new Error('lookup failed');
        }
      }
    }, 5);
    return ns / (rounds * paths.length);
  };
  const depths = [1, 16, 127];
  const times = depths.map(perLookup);
  for (const [i, depth] of depths.entries()) {
    const t = times[i];
    const base = times[0];
    report(`union lookup (stat+read) at ${depth} layers`, `${t.toFixed(1)} ns`, t / base, 'of 1 layer', 'goal ≤ 1.5');
  }
}

async function commitThroughput(): Promise<void> {
  // 50 MB in 1,000 files of compressible-but-not-trivial text, like real files.
  const files: Uint8Array[] = [];
  for (let i = 0; i < 1000; i++) {
    const line = `file ${i}: ${'lorem ipsum dolor sit amet '.repeat(3)}${i * 7919}\n`;
    const b = new Uint8Array(50_000);
    const l = enc.encode(line);
    for (let o = 0; o < b.length; o += l.length) b.set(l.subarray(0, Math.min(l.length, b.length - o)), o);
    files.push(b);
  }
  const totalMB = files.reduce((n, f) => n + f.length, 0) / 1e6;

  // Baseline: raw sha256 + gzip of the same bytes, as one tar, with no engine around it.
  const tar = writeTar(files.map((data, i) => ({ path: `data/f${i}`, type: 'file' as const, mode: 0o644, uid: 0, gid: 0, mtime: 0, size: data.length, data })));
  const rawMs = await timeAsync(async () => {
    await sha256Digest(tar);
    await sha256Digest(gzipDeterministic(tar));
  }, 2);

  const engine = await Engine.open(createMemoryStore());
  const base = writeTar([{ path: 'bin', type: 'dir', mode: 0o755, uid: 0, gid: 0, mtime: 0, size: 0 }, { path: 'data', type: 'dir', mode: 0o755, uid: 0, gid: 0, mtime: 0, size: 0 }]);
  await importImage(engine, base, { reference: 'base:latest', changes: ['CMD ["sh"]'] });
  let commitMs = Infinity;
  for (let round = 0; round < 3; round++) {
    const c = await createContainer(engine, { image: 'base:latest' });
    const fs = await engine.openContainer(c.id);
    // A different last byte per round, so every commit makes a new layer.
    files.forEach((data, i) => fs.writeFile(`/data/f${i}`, i === 0 ? Uint8Array.of(...data.subarray(0, 100), round) : data));
    const t0 = performance.now();
    await commitContainer(engine, c.id, { reference: `big:${round}` });
    commitMs = Math.min(commitMs, performance.now() - t0);
  }
  const commitMBs = totalMB / (commitMs / 1000);
  const rawMBs = totalMB / (rawMs / 1000);
  report('commit of a 50 MB / 1,000-file change', `${commitMBs.toFixed(1)} MB/s`, commitMBs / rawMBs, `of raw sha256+gzip (${rawMBs.toFixed(1)} MB/s)`, 'goal ≥ 0.5');
}

async function reopenStore(): Promise<void> {
  const openAndList = async (name: string) => {
    const t0 = performance.now();
    const store = await openIdbStore({ name });
    const engine = await Engine.open(store);
    const list = await engine.listImages();
    const ms = performance.now() - t0;
    store.close();
    return { ms, n: list.length };
  };
  // Baseline: an empty store.
  await openAndList('bench-empty');
  const empty = await openAndList('bench-empty');

  const store = await openIdbStore({ name: 'bench-50' });
  const engine = await Engine.open(store);
  const base = writeTar([{ path: 'etc', type: 'dir', mode: 0o755, uid: 0, gid: 0, mtime: 0, size: 0 }]);
  await importImage(engine, base, { reference: 'base:latest' });
  for (let i = 0; i < 50; i++) {
    const c = await createContainer(engine, { image: 'base:latest', cmd: ['sh'] });
    const fs = await engine.openContainer(c.id);
    fs.writeFile(`/etc/img${i}`, enc.encode(`image ${i}\n`));
    await commitContainer(engine, c.id, { reference: `img${i}:latest` });
  }
  store.close();
  const full = await openAndList('bench-50');
  report(`reopen a store of ${full.n} images to first listing (Node, fake-indexeddb)`, `${full.ms.toFixed(1)} ms`, full.ms / Math.max(empty.ms, 0.001), 'of an empty store', '');
}

await unionLookup();
await commitThroughput();
await reopenStore();
