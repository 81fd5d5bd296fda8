import { describe, expect, it } from 'vitest';
import { EngineError } from '../../../src/engine/errors';
import { ADJECTIVES, SURNAMES, generateName, randomName, validateContainerName } from '../../../src/engine/format/names';

/** Random source that yields the given integers, one per 4-byte draw (big-endian). */
function ints(values: number[]): (n: number) => Uint8Array {
  return (n) => {
    expect(n).toBe(4);
    const v = values.shift();
    if (v === undefined) throw new Error('random source exhausted');
    return Uint8Array.of(v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff);
  };
}

const crypto4 = (n: number) => globalThis.crypto.getRandomValues(new Uint8Array(n));
const adj = (w: string) => ADJECTIVES.indexOf(w);
const sur = (w: string) => SURNAMES.indexOf(w);

describe('word lists', () => {
  it('are big enough, unique and valid name characters', () => {
    expect(ADJECTIVES.length).toBeGreaterThanOrEqual(60);
    expect(SURNAMES.length).toBeGreaterThanOrEqual(100);
    for (const list of [ADJECTIVES, SURNAMES]) {
      expect(new Set(list).size).toBe(list.length);
      for (const w of list) expect(w).toMatch(/^[a-z]+$/);
    }
    // the pair the generator must skip is reachable
    expect(adj('boring')).toBeGreaterThanOrEqual(0);
    expect(sur('wozniak')).toBeGreaterThanOrEqual(0);
  });
});

describe('randomName (namesgenerator.GetRandomName)', () => {
  it('is adjective_surname', () => {
    expect(randomName(ints([adj('focused'), sur('turing')]))).toBe('focused_turing');
  });
  it('never returns boring_wozniak', () => {
    expect(randomName(ints([adj('boring'), sur('wozniak'), adj('boring'), sur('turing')]))).toBe('boring_turing');
  });
  it('adds one digit on a retry', () => {
    expect(randomName(ints([adj('focused'), sur('turing'), 3]), 1)).toBe('focused_turing3');
  });
  it('is uniform: out-of-range draws are rejected, not folded', () => {
    const limit = Math.floor(2 ** 32 / ADJECTIVES.length) * ADJECTIVES.length;
    expect(randomName(ints([limit, 0, sur('curie')]))).toBe(`${ADJECTIVES[0]}_curie`);
  });
  it('looks like docker names with real randomness', () => {
    for (let i = 0; i < 300; i++) {
      const n = randomName(crypto4, i % 2);
      expect(n).toMatch(i % 2 ? /^[a-z]+_[a-z]+[0-9]$/ : /^[a-z]+_[a-z]+$/);
      expect(n.startsWith('boring_wozniak')).toBe(false);
    }
  });
});

describe('generateName (daemon generateNewName)', () => {
  it('takes the first free draw', () => {
    expect(generateName(ints([adj('happy'), sur('curie')]), () => false)).toBe('happy_curie');
  });
  it('retries with a numeric suffix when taken', () => {
    const taken = new Set(['happy_curie']);
    expect(generateName(ints([adj('happy'), sur('curie'), adj('happy'), sur('curie'), 7]), (n) => taken.has(n))).toBe(
      'happy_curie7',
    );
  });
  it('falls back to the short container ID after six taken draws', () => {
    const id = 'ab12'.repeat(16);
    expect(generateName(crypto4, () => true, id)).toBe('ab12ab12ab12');
  });
  it('gives up loudly without an ID when every name is taken', () => {
    expect(() => generateName(crypto4, () => true)).toThrow(EngineError);
  });
});

// moby daemon/names.go reserveName + RestrictedNamePattern.
describe('validateContainerName', () => {
  it.each(['web', 'my-app_1.0', '/web', 'A1', '0x'])('accepts %j', (name) => {
    expect(validateContainerName(name)).toBe(name.replace(/^\//, ''));
  });
  it.each(['a', '/a', '_web', '-web', '.web', 'my web', 'wéb', 'a/b', '', '//web'])('rejects %j', (name) => {
    let err: unknown;
    try {
      validateContainerName(name);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(EngineError);
    expect((err as EngineError).code).toBe('INVALID_ARGUMENT');
    expect((err as EngineError).message).toBe(`Invalid container name (${name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`);
  });
});
