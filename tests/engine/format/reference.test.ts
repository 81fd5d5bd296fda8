import { describe, expect, it } from 'vitest';
import { EngineError } from '../../../src/engine/errors';
import {
  familiarName, familiarString, fullName, isShortIdCandidate, isValidTag, normalize, parseAnyReference,
  parseReference, parseRepoTag, referenceString, withDefaultTag,
} from '../../../src/engine/reference';

const F64 = 'f'.repeat(64);
const DIGEST = 'sha256:' + F64;

function errorOf(fn: () => unknown): EngineError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(EngineError);
    expect((e as EngineError).code).toBe('INVALID_REFERENCE');
    return e as EngineError;
  }
  throw new Error('expected an error');
}

// Cases from distribution/reference normalize.go / reference_test.go behaviour.
describe('parseReference (ParseNormalizedNamed)', () => {
  it.each([
    ['nginx', { domain: 'docker.io', path: 'library/nginx' }],
    ['nginx:1.25-alpine', { domain: 'docker.io', path: 'library/nginx', tag: '1.25-alpine' }],
    ['nginx:Uppercase', { domain: 'docker.io', path: 'library/nginx', tag: 'Uppercase' }],
    ['training/sinatra', { domain: 'docker.io', path: 'training/sinatra' }],
    ['docker.io/nginx', { domain: 'docker.io', path: 'library/nginx' }],
    ['index.docker.io/nginx', { domain: 'docker.io', path: 'library/nginx' }],
    ['docker.io/library/nginx:latest', { domain: 'docker.io', path: 'library/nginx', tag: 'latest' }],
    ['localhost/app', { domain: 'localhost', path: 'app' }],
    ['localhost:5000/app:v1', { domain: 'localhost:5000', path: 'app', tag: 'v1' }],
    ['example.com/a/b/c@' + DIGEST, { domain: 'example.com', path: 'a/b/c', digest: DIGEST }],
    ['nginx:1@' + DIGEST, { domain: 'docker.io', path: 'library/nginx', tag: '1', digest: DIGEST }],
    ['192.168.1.1:5000/repo:5050', { domain: '192.168.1.1:5000', path: 'repo', tag: '5050' }],
    ['[2001:db8::1]:5000/repo', { domain: '[2001:db8::1]:5000', path: 'repo' }],
    ['Foo/bar', { domain: 'Foo', path: 'bar' }], // uppercase first component: a host
    ['a__b/c-d.e---f', { domain: 'docker.io', path: 'a__b/c-d.e---f' }],
    ['nginx:' + 'a'.repeat(128), { domain: 'docker.io', path: 'library/nginx', tag: 'a'.repeat(128) }],
  ])('%s', (s, want) => {
    expect(parseReference(s)).toEqual(want);
  });

  it.each([
    ['Nginx', 'invalid reference format: repository name (library/Nginx) must be lowercase'],
    ['test:5000/Uppercase/lowercase:tag', 'invalid reference format: repository name (Uppercase/lowercase) must be lowercase'],
    ['Nginx@' + DIGEST, 'invalid reference format: repository name (library/Nginx@sha256) must be lowercase'],
    ['', 'invalid reference format'],
    [':justtag', 'invalid reference format'],
    ['nginx:', 'invalid reference format'],
    ['@' + DIGEST, 'invalid reference format'],
    ['aa/asdf$$^/aa', 'invalid reference format'],
    ['a//b', 'invalid reference format'],
    ['-nginx', 'invalid reference format'],
    ['nginx__-x', 'invalid reference format'],
    ['nginx:' + 'a'.repeat(129), 'invalid reference format'],
    ['nginx:-tag', 'invalid reference format'],
    ['[2001:db8::1]:5000', 'invalid reference format'],
    ['a'.repeat(248), 'repository name must not be more than 255 characters'], // "library/" makes 256
    ['repo@sha256:' + 'f'.repeat(34), 'invalid checksum digest length'],
    ['repo@sha256:' + 'F'.repeat(64), 'invalid checksum digest format'],
    ['validname@invaliddigest:' + F64, 'unsupported digest algorithm'],
    [F64, `invalid repository name (${F64}), cannot specify 64-byte hexadecimal strings`],
  ])('rejects %j', (s, message) => {
    expect(errorOf(() => parseReference(s)).message).toBe(message);
  });

  it('accepts a 255-character path', () => {
    expect(parseReference('a'.repeat(247)).path).toHaveLength(255);
  });

  it('rejects long hostile input quickly', () => {
    const t = Date.now();
    for (const s of ['a-'.repeat(5000) + '!', 'a.'.repeat(5000) + 'A/', 'a__'.repeat(5000) + '_']) {
      expect(() => parseReference(s)).toThrow(EngineError);
    }
    expect(Date.now() - t).toBeLessThan(1000);
  });
});

describe('normalize / familiar forms', () => {
  it.each([
    ['nginx', 'docker.io/library/nginx:latest'],
    ['nginx:1.25', 'docker.io/library/nginx:1.25'],
    ['training/sinatra', 'docker.io/training/sinatra:latest'],
    ['localhost:5000/app', 'localhost:5000/app:latest'],
    ['nginx@' + DIGEST, 'docker.io/library/nginx@' + DIGEST],
    ['nginx:1@' + DIGEST, 'docker.io/library/nginx@' + DIGEST], // ParseDockerRef keeps the digest only
  ])('normalize(%j) = %j', (s, want) => {
    expect(normalize(s)).toBe(want);
  });

  it.each([
    ['docker.io/library/nginx', 'nginx'],
    ['docker.io/training/sinatra', 'training/sinatra'],
    ['docker.io/library/a/b', 'library/a/b'], // only single-component official names lose "library/"
    ['localhost:5000/library/app', 'localhost:5000/library/app'],
    ['quay.io/coreos/etcd:v3', 'quay.io/coreos/etcd'],
    ['nginx:1.25', 'nginx'],
  ])('familiarName(%j) = %j', (s, want) => {
    expect(familiarName(s)).toBe(want);
  });

  it('familiarString keeps tag and digest', () => {
    expect(familiarString('docker.io/library/nginx:latest')).toBe('nginx:latest');
    expect(familiarString('docker.io/library/nginx@' + DIGEST)).toBe('nginx@' + DIGEST);
    expect(familiarString('docker.io/me/app:1@' + DIGEST)).toBe('me/app:1@' + DIGEST);
    expect(familiarString({ domain: 'docker.io', path: 'library/nginx' })).toBe('nginx');
  });

  it('withDefaultTag adds latest only to a bare name', () => {
    expect(withDefaultTag('nginx')).toEqual({ domain: 'docker.io', path: 'library/nginx', tag: 'latest' });
    expect(withDefaultTag('nginx:1').tag).toBe('1');
    expect(withDefaultTag('nginx@' + DIGEST).tag).toBeUndefined();
  });

  it('referenceString and fullName', () => {
    expect(referenceString('nginx:1@' + DIGEST)).toBe('docker.io/library/nginx:1@' + DIGEST);
    expect(fullName('nginx:1')).toBe('docker.io/library/nginx');
  });
});

describe('parseAnyReference', () => {
  it('treats a full ID or digest as an ID and the rest as names', () => {
    expect(parseAnyReference(F64)).toEqual({ kind: 'id', digest: DIGEST });
    expect(parseAnyReference(DIGEST)).toEqual({ kind: 'id', digest: DIGEST });
    expect(parseAnyReference('605c77e624dd')).toEqual({ kind: 'named', ref: { domain: 'docker.io', path: 'library/605c77e624dd' } });
    expect(parseAnyReference('sha256:abc')).toEqual({ kind: 'named', ref: { domain: 'docker.io', path: 'library/sha256', tag: 'abc' } });
  });
});

describe('isShortIdCandidate / isValidTag', () => {
  it.each([
    ['605c77e624dd', true],
    ['6', true],
    [F64, true],
    [DIGEST, true],
    ['sha256:605c', true],
    ['f'.repeat(65), false],
    ['', false],
    ['nginx', false],
    ['ABC123', false],
    ['sha512:abc', false],
  ])('%j -> %s', (s, want) => {
    expect(isShortIdCandidate(s)).toBe(want);
  });
  it('tags', () => {
    expect(isValidTag('v1.0_rc-2')).toBe(true);
    expect(isValidTag('_x')).toBe(true);
    expect(isValidTag('.x')).toBe(false);
    expect(isValidTag('a'.repeat(129))).toBe(false);
  });
});

// moby client ImageTag / ContainerCommit.
describe('parseRepoTag', () => {
  it('defaults the tag and gives the familiar repository', () => {
    expect(parseRepoTag('nginx:v2')).toEqual({ repo: 'nginx', tag: 'v2', full: 'docker.io/library/nginx:v2' });
    expect(parseRepoTag('me/app')).toEqual({ repo: 'me/app', tag: 'latest', full: 'docker.io/me/app:latest' });
    expect(parseRepoTag('localhost:5000/app:1', 'commit')).toEqual({
      repo: 'localhost:5000/app', tag: '1', full: 'localhost:5000/app:1',
    });
  });
  it('docker tag wraps parse errors; docker commit does not', () => {
    expect(errorOf(() => parseRepoTag('Foo')).message).toBe(
      'error parsing reference: "Foo" is not a valid repository/tag: invalid reference format: repository name (library/Foo) must be lowercase',
    );
    expect(errorOf(() => parseRepoTag('Foo', 'commit')).message).toBe(
      'invalid reference format: repository name (library/Foo) must be lowercase',
    );
  });
  it('refuses digests', () => {
    for (const s of ['nginx@' + DIGEST, 'nginx:1@' + DIGEST]) {
      expect(errorOf(() => parseRepoTag(s)).message).toBe('refusing to create a tag with a digest reference');
    }
  });
});
