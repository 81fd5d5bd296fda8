import { describe, expect, it } from 'vitest';
import { digestHex, randomHexId, shortId } from '../../../src/engine/format/ids';

// moby pkg/stringid TruncateID (and docker/cli displayutils_test.go TestTruncateID).
describe('shortId', () => {
  it.each([
    ['', ''],
    ['1234', '1234'],
    ['90435eec5c4e124e741ef731e118be2fc799a68aba0466ec17717f24ce2ae6a2', '90435eec5c4e'],
    ['sha256:90435eec5c4e124e741ef731e118be2fc799a68aba0466ec17717f24ce2ae6a2', '90435eec5c4e'],
    ['sha256:abc', 'abc'],
  ])('%j -> %j', (id, want) => {
    expect(shortId(id)).toBe(want);
  });
});

describe('digestHex', () => {
  it('strips the algorithm', () => {
    expect(digestHex('sha256:' + 'ab'.repeat(32))).toBe('ab'.repeat(32));
    expect(digestHex('ab'.repeat(32))).toBe('ab'.repeat(32));
  });
});

describe('randomHexId (stringid.GenerateRandomID)', () => {
  it('is 64 lowercase hex from 32 bytes', () => {
    const id = randomHexId((n) => Uint8Array.from({ length: n }, (_, i) => i * 7 + 10));
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(id.slice(0, 6)).toBe('0a1118');
  });
  it('draws again while the short ID would be all digits', () => {
    const draws = [0x12, 0x12, 0xab];
    const sizes: number[] = [];
    const id = randomHexId((n) => {
      sizes.push(n);
      return new Uint8Array(n).fill(draws.shift()!);
    });
    expect(sizes).toEqual([32, 32, 32]);
    expect(id).toBe('ab'.repeat(32));
  });
  it('judges only the first 12 characters', () => {
    const first = new Uint8Array(32).fill(0xab);
    first.fill(0x12, 0, 6); // "121212121212abab…": short ID all digits
    const draws = [first, new Uint8Array(32).fill(0xcd)];
    expect(randomHexId(() => draws.shift()!)).toBe('cd'.repeat(32));
  });
  it('accepts digits beyond the first 12 characters', () => {
    const bytes = new Uint8Array(32).fill(0x11);
    bytes[5] = 0x1a;
    expect(randomHexId(() => bytes)).toBe('11111111111a' + '11'.repeat(26));
  });
});
