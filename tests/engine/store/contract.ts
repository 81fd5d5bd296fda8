/**
 * The Store contract, run against every implementation, so the memory store the
 * engine tests use can't drift from the IndexedDB store the browser uses.
 */
import { describe, expect, it } from 'vitest';
import { sweepOrphans } from '../../../src/engine/store/sweep';
import type { MetaOp, Store, StoredEntry } from '../../../src/engine/store/types';
import type { ContainerRecord, Digest, ImageRecord, LayerRecord, TreeEntry, VolumeRecord } from '../../../src/engine/types';
import { bytes, codeOf, d, text } from './util';

export const image = (id: Digest, layers: Digest[], manifestDigest?: Digest): ImageRecord =>
  ({ id, layers, created: '2024-01-01T00:00:00Z', size: 1, ...(manifestDigest ? { manifestDigest } : {}) });
export const layer = (diffID: Digest, digest: Digest): LayerRecord =>
  ({ diffID, digest, mediaType: 'x', compressedSize: 1, tarSize: 1, size: 1 });
export const volume = (name: string): VolumeRecord => ({ name, driver: 'local', created: 'now', anonymous: false });
export const container = (id: string, imageId: Digest): ContainerRecord => ({
  id, name: `n-${id}`, image: imageId, imageRef: 'x', created: 'now', path: 'sh', args: [], config: {}, hostname: id.slice(0, 12),
  state: 'created', exitCode: 0, mounts: [], ports: [],
});
const file = (s: string): TreeEntry => ({ type: 'file', mode: 0o644, uid: 0, gid: 0, mtime: 0, data: bytes(s) });
const row = (owner: string, path: string, entry: TreeEntry | null = file(path)): StoredEntry => ({ owner, path, entry });
const put = (value: StoredEntry): MetaOp => ({ op: 'put', table: 'entries', value });

export function describeStoreContract(name: string, makeStore: () => Promise<Store>): void {
  describe(`${name} store contract`, () => {
    describe('blobs', () => {
      it('puts, gets, lists and deletes blobs by digest', async () => {
        const s = await makeStore();
        await s.blobs.put([{ digest: d(2), bytes: bytes('two!') }, { digest: d(1), bytes: bytes('one') }]);
        expect(await s.blobs.has(d(1))).toBe(true);
        expect(await s.blobs.has(d(3))).toBe(false);
        expect(text(await s.blobs.get(d(2)))).toBe('two!');
        expect(await s.blobs.list()).toEqual([{ digest: d(1), size: 3 }, { digest: d(2), size: 4 }]);
        await s.blobs.delete([d(1), d(3)]);
        expect(await s.blobs.has(d(1))).toBe(false);
        expect(await s.blobs.list()).toEqual([{ digest: d(2), size: 4 }]);
      });

      it('throws BLOB_NOT_FOUND for a missing digest', async () => {
        const s = await makeStore();
        expect(await codeOf(s.blobs.get(d(9)))).toBe('BLOB_NOT_FOUND');
      });

      it('treats putting an existing digest as a no-op', async () => {
        const s = await makeStore();
        await s.blobs.put([{ digest: d(1), bytes: bytes('first') }, { digest: d(1), bytes: bytes('first') }]);
        await s.blobs.put([{ digest: d(1), bytes: bytes('other') }]);
        await s.blobs.put([]);
        await s.blobs.delete([]);
        expect(text(await s.blobs.get(d(1)))).toBe('first');
        expect(await s.blobs.list()).toEqual([{ digest: d(1), size: 5 }]);
      });

      it('stores just the bytes of a view, not its whole buffer', async () => {
        const s = await makeStore();
        const big = bytes('xxhixx');
        await s.blobs.put([{ digest: d(1), bytes: big.subarray(2, 4) }]);
        const got = await s.blobs.get(d(1));
        expect(text(got)).toBe('hi');
        expect(await s.blobs.list()).toEqual([{ digest: d(1), size: 2 }]);
      });
    });

    describe('metadata', () => {
      it('puts, gets, lists in key order and deletes rows of every table', async () => {
        const s = await makeStore();
        await s.meta.write([
          { op: 'put', table: 'images', value: image(d(2), [d(10)]) },
          { op: 'put', table: 'images', value: image(d(1), []) },
          { op: 'put', table: 'tags', value: { ref: 'docker.io/library/a:1', image: d(1) } },
          { op: 'put', table: 'layers', value: layer(d(10), d(3)) },
          { op: 'put', table: 'containers', value: container('c1', d(1)) },
          { op: 'put', table: 'volumes', value: volume('v') },
          { op: 'put', table: 'kv', value: { key: 'history', value: ['ls', 'pwd'] } },
        ]);
        expect((await s.meta.all('images')).map((i) => i.id)).toEqual([d(1), d(2)]);
        expect(await s.meta.get('images', d(2))).toEqual(image(d(2), [d(10)]));
        expect(await s.meta.get('layers', d(10))).toEqual(layer(d(10), d(3)));
        expect(await s.meta.get('containers', 'c1')).toEqual(container('c1', d(1)));
        expect(await s.meta.get('volumes', 'v')).toEqual(volume('v'));
        expect(await s.meta.get('kv', 'history')).toEqual({ key: 'history', value: ['ls', 'pwd'] });
        expect(await s.meta.get('tags', 'nope')).toBeUndefined();
        await s.meta.write([{ op: 'delete', table: 'images', key: d(1) }, { op: 'delete', table: 'kv', key: 'missing' }]);
        expect((await s.meta.all('images')).map((i) => i.id)).toEqual([d(2)]);
        await s.meta.write([]);
      });

      it('copies rows on the way in and out, so callers cannot mutate stored state', async () => {
        const s = await makeStore();
        const img = image(d(1), [d(10)]);
        await s.meta.write([{ op: 'put', table: 'images', value: img }]);
        img.layers.push(d(11));
        const got = (await s.meta.get('images', d(1)))!;
        got.layers.push(d(12));
        (await s.meta.all('images'))[0].size = 99;
        expect(await s.meta.get('images', d(1))).toEqual(image(d(1), [d(10)]));
      });

      const invalid: Array<[string, unknown]> = [
        ['a row missing its key', { op: 'put', table: 'tags', value: { image: 'sha256:0' } }],
        ['an unknown table', { op: 'put', table: 'nope', value: { id: 'x' } }],
        ['an entries key that is not [owner, path]', { op: 'delete', table: 'entries', key: 'c1' }],
        ['an unknown op', { op: 'truncate', table: 'images' }],
      ];
      it.each(invalid)('applies nothing when one op is invalid: %s', async (_why, bad) => {
        const s = await makeStore();
        await s.meta.write([{ op: 'put', table: 'volumes', value: volume('keep') }]);
        const ops = [
          { op: 'put', table: 'tags', value: { ref: 'docker.io/library/a:latest', image: d(1) } },
          { op: 'delete', table: 'volumes', key: 'keep' },
          put(row('c1', '/a')),
          bad,
        ] as MetaOp[];
        expect(await codeOf(s.meta.write(ops))).toBe('INVALID_ARGUMENT');
        expect(await s.meta.all('tags')).toEqual([]);
        expect(await s.meta.all('volumes')).toEqual([volume('keep')]);
        expect(await s.meta.all('entries')).toEqual([]);
      });
    });

    describe('entries', () => {
      it('keeps rows per owner, in path order, with markers and file data', async () => {
        const s = await makeStore();
        await s.meta.write([
          put(row('c1', '/b')),
          put({ owner: 'c1', path: '/a', entry: null, whiteout: true }),
          put({ owner: 'c1', path: '/a/d', entry: { type: 'dir', mode: 0o755, uid: 0, gid: 0, mtime: 0 }, opaque: true }),
          put(row('volume:v', '/a')),
        ]);
        const rows = await s.meta.entriesOf('c1');
        expect(rows.map((r) => r.path)).toEqual(['/a', '/a/d', '/b']);
        expect(rows[0]).toEqual({ owner: 'c1', path: '/a', entry: null, whiteout: true });
        expect(rows[1].opaque).toBe(true);
        expect(text(rows[2].entry!.data!)).toBe('/b');
        expect(await s.meta.entryOwners()).toEqual(['c1', 'volume:v']);
        expect(await s.meta.entriesOf('nobody')).toEqual([]);
        await s.meta.write([{ op: 'delete', table: 'entries', key: ['c1', '/b'] }]);
        expect((await s.meta.entriesOf('c1')).map((r) => r.path)).toEqual(['/a', '/a/d']);
      });

      it('deletes every row of one owner, leaving the others', async () => {
        const s = await makeStore();
        await s.meta.write([put(row('c1', '/a')), put(row('c1', '/b')), put(row('c2', '/a'))]);
        await s.meta.write([{ op: 'deleteOwner', owner: 'c1' }, { op: 'deleteOwner', owner: 'nobody' }]);
        expect(await s.meta.entriesOf('c1')).toEqual([]);
        expect(await s.meta.entriesOf('c2')).toHaveLength(1);
        expect(await s.meta.entryOwners()).toEqual(['c2']);
      });

      it('applies deleteOwner in op order within one write', async () => {
        const s = await makeStore();
        await s.meta.write([put(row('c1', '/old'))]);
        await s.meta.write([put(row('c1', '/new')), { op: 'deleteOwner', owner: 'c1' }, put(row('c1', '/after'))]);
        expect((await s.meta.entriesOf('c1')).map((r) => r.path)).toEqual(['/after']);
      });
    });

    it('throws STORE_CLOSED after close()', async () => {
      const s = await makeStore();
      expect(Number.isInteger(s.version) && s.version >= 1).toBe(true);
      s.close();
      expect(await codeOf(s.blobs.has(d(1)))).toBe('STORE_CLOSED');
      expect(await codeOf(s.blobs.put([{ digest: d(1), bytes: bytes('x') }]))).toBe('STORE_CLOSED');
      expect(await codeOf(s.meta.all('images'))).toBe('STORE_CLOSED');
      expect(await codeOf(s.meta.write([{ op: 'put', table: 'volumes', value: volume('v') }]))).toBe('STORE_CLOSED');
    });

    describe('sweepOrphans', () => {
      it('removes what an interrupted write left behind, and keeps what is referenced', async () => {
        const s = await makeStore();
        await s.blobs.put([1, 2, 3, 4, 5, 6, 7].map((n) => ({ digest: d(n), bytes: bytes(String(n)) })));
        await s.meta.write([
          { op: 'put', table: 'images', value: image(d(1), [d(10)], d(2)) },
          { op: 'put', table: 'images', value: image(d(7), [d(10)]) },
          { op: 'put', table: 'layers', value: layer(d(10), d(3)) },
          { op: 'put', table: 'layers', value: layer(d(11), d(4)) }, // orphan layer record (+ its blob)
          { op: 'put', table: 'tags', value: { ref: 'docker.io/library/kept:latest', image: d(1) } },
          { op: 'put', table: 'tags', value: { ref: 'docker.io/library/gone:latest', image: d(99) } },
          { op: 'put', table: 'containers', value: container('c1', d(1)) },
          { op: 'put', table: 'volumes', value: volume('data') },
          put(row('c1', '/x')), put(row('mounts:c1', '/etc/hosts')), put(row('volume:data', '/f')), put(row('host', '/root/x')),
          put(row('dead-container', '/x')), put(row('mounts:dead-container', '/x')), put(row('volume:gone', '/x')),
        ]);
        const r = await sweepOrphans(s, { extraRoots: [d(6)] });
        expect(r.layers).toEqual([d(11)]);
        expect(r.tags).toEqual(['docker.io/library/gone:latest']);
        expect([...r.entryOwners].sort()).toEqual(['dead-container', 'mounts:dead-container', 'volume:gone']);
        expect([...r.blobs].sort()).toEqual([d(4), d(5)]);
        expect((await s.blobs.list()).map((b) => b.digest)).toEqual([d(1), d(2), d(3), d(6), d(7)]);
        expect((await s.meta.all('layers')).map((l) => l.diffID)).toEqual([d(10)]);
        expect((await s.meta.all('tags')).map((t) => t.ref)).toEqual(['docker.io/library/kept:latest']);
        expect(await s.meta.entryOwners()).toEqual(['c1', 'host', 'mounts:c1', 'volume:data']);
        expect(await sweepOrphans(s, { extraRoots: [d(6)] })).toEqual({ blobs: [], layers: [], entryOwners: [], tags: [] });
      });

      it('leaves a consistent store untouched', async () => {
        const s = await makeStore();
        await s.blobs.put([{ digest: d(1), bytes: bytes('config') }, { digest: d(3), bytes: bytes('layer') }]);
        await s.meta.write([{ op: 'put', table: 'layers', value: layer(d(10), d(3)) }, { op: 'put', table: 'images', value: image(d(1), [d(10)]) }]);
        expect(await sweepOrphans(s)).toEqual({ blobs: [], layers: [], entryOwners: [], tags: [] });
        expect(await s.blobs.list()).toHaveLength(2);
      });
    });
  });
}
