/**
 * Image references the way docker reads them: the grammar of distribution/reference
 * (regexp.go), its Docker Hub normalisation (normalize.go: ParseNormalizedNamed,
 * familiar names) and the go-digest checks applied to an "@digest". Errors carry
 * the library's own messages, which the docker CLI prints verbatim.
 */
import { EngineError } from './errors';
import { goQuote } from './format/table';

export interface ImageReference {
  /** Registry host[:port]; "docker.io" for Docker Hub. */
  domain: string;
  /** Repository path within the registry, e.g. "library/nginx". */
  path: string;
  tag?: string;
  digest?: string;
}

const DEFAULT_DOMAIN = 'docker.io';
const LEGACY_DEFAULT_DOMAIN = 'index.docker.io';
const OFFICIAL_REPO_PREFIX = 'library/';
const DEFAULT_TAG = 'latest';
const NAME_TOTAL_LENGTH_MAX = 255;

// The grammar, built from the same pieces as distribution/reference's regexp.go.
// JavaScript's backtracking matcher prefers alternatives in the same order as Go's
// leftmost-first RE2 semantics, so captures split the same way.
const alphanumeric = '[a-z0-9]+';
const separator = '(?:[._]|__|[-]+)';
const domainNameComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const optionalPort = '(?::[0-9]+)?';
const tagPat = '[\\w][\\w.-]{0,127}';
const digestPat = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9A-Fa-f]{32,}';
const ipv6address = '\\[(?:[a-fA-F0-9:]+)\\]';
const domainName = `${domainNameComponent}(?:\\.${domainNameComponent})*`;
const host = `(?:${domainName}|${ipv6address})`;
const domainAndPort = host + optionalPort;
const pathComponent = `${alphanumeric}(?:${separator}${alphanumeric})*`;
const remoteName = `${pathComponent}(?:/${pathComponent})*`;
const namePat = `(?:${domainAndPort}/)?${remoteName}`;

const referenceRegexp = new RegExp(`^(${namePat})(?::(${tagPat}))?(?:@(${digestPat}))?$`);
const anchoredNameRegexp = new RegExp(`^(?:(${domainAndPort})/)?(${remoteName})$`);
const anchoredTagRegexp = new RegExp(`^${tagPat}$`);
const anchoredIdentifierRegexp = /^[a-f0-9]{64}$/;

function invalid(message: string, input: string): EngineError {
  return new EngineError('INVALID_REFERENCE', message, { input });
}

// go-digest: the algorithms a docker binary links in, with their hex lengths.
const DIGEST_HEX_LENGTH: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };

/** go-digest Digest.Validate, with its messages. */
function validateDigest(d: string, input: string): void {
  const i = d.indexOf(':');
  if (i <= 0 || i + 1 === d.length) throw invalid('invalid checksum digest format', input);
  const algorithm = d.slice(0, i);
  const encoded = d.slice(i + 1);
  const size = DIGEST_HEX_LENGTH[algorithm];
  if (size === undefined) {
    if (!/^[a-zA-Z0-9-_+.]+:[a-fA-F0-9]+$/.test(d)) throw invalid('invalid checksum digest format', input);
    throw invalid('unsupported digest algorithm', input);
  }
  if (encoded.length !== size) throw invalid('invalid checksum digest length', input);
  if (!/^[a-f0-9]+$/.test(encoded)) throw invalid('invalid checksum digest format', input);
}

/** reference.Parse: the raw grammar, no Docker Hub defaults. */
function parseRaw(s: string, input: string): ImageReference {
  if (s === '') throw invalid('repository name must have at least one component', input);
  const m = referenceRegexp.exec(s);
  if (!m) {
    const lower = s.toLowerCase();
    if (lower !== s && referenceRegexp.test(lower)) throw invalid('repository name must be lowercase', input);
    throw invalid('invalid reference format', input);
  }
  const name = m[1]!;
  const nm = anchoredNameRegexp.exec(name);
  const domain = nm ? (nm[1] ?? '') : '';
  const path = nm ? nm[2]! : name;
  if (path.length > NAME_TOTAL_LENGTH_MAX) {
    throw invalid(`repository name must not be more than ${NAME_TOTAL_LENGTH_MAX} characters`, input);
  }
  const ref: ImageReference = { domain, path };
  if (m[2] !== undefined && m[2] !== '') ref.tag = m[2];
  if (m[3] !== undefined && m[3] !== '') {
    validateDigest(m[3], input);
    ref.digest = m[3];
  }
  return ref;
}

/** normalize.go splitDockerDomain: decide whether the first component is a registry. */
function splitDockerDomain(name: string): [string, string] {
  const slash = name.indexOf('/');
  if (slash < 0) return [DEFAULT_DOMAIN, OFFICIAL_REPO_PREFIX + name];
  const maybeDomain = name.slice(0, slash);
  const maybeRemote = name.slice(slash + 1);
  let domain: string;
  let remote: string;
  if (maybeDomain === 'localhost') {
    [domain, remote] = [maybeDomain, maybeRemote];
  } else if (maybeDomain === LEGACY_DEFAULT_DOMAIN) {
    [domain, remote] = [DEFAULT_DOMAIN, maybeRemote];
  } else if (/[.:]/.test(maybeDomain)) {
    [domain, remote] = [maybeDomain, maybeRemote];
  } else if (maybeDomain.toLowerCase() !== maybeDomain) {
    // Namespaces cannot be uppercase, so an uppercase first element must be a host.
    [domain, remote] = [maybeDomain, maybeRemote];
  } else {
    [domain, remote] = [DEFAULT_DOMAIN, name];
  }
  if (domain === DEFAULT_DOMAIN && !remote.includes('/')) remote = OFFICIAL_REPO_PREFIX + remote;
  return [domain, remote];
}

/**
 * reference.ParseNormalizedNamed: parse what a user typed ("nginx", "nginx:1.25",
 * "localhost:5000/app@sha256:…") into a fully qualified reference. Throws
 * INVALID_REFERENCE with docker's message, e.g. "invalid reference format" or
 * "invalid reference format: repository name (library/Nginx) must be lowercase".
 */
export function parseReference(s: string): ImageReference {
  if (anchoredIdentifierRegexp.test(s)) {
    throw invalid(`invalid repository name (${s}), cannot specify 64-byte hexadecimal strings`, s);
  }
  const [domain, remainder] = splitDockerDomain(s);
  // As upstream: the "repository" checked for case is everything before the
  // first ':', so for "Foo@sha256:…" the message names "library/Foo@sha256".
  const colon = remainder.indexOf(':');
  const remote = colon >= 0 ? remainder.slice(0, colon) : remainder;
  if (remote.toLowerCase() !== remote) {
    throw invalid(`invalid reference format: repository name (${remote}) must be lowercase`, s);
  }
  return parseRaw(`${domain}/${remainder}`, s);
}

export type AnyReference = { kind: 'id'; digest: string } | { kind: 'named'; ref: ImageReference };

/**
 * reference.ParseAnyReference: a bare 64-hex ID or a full digest denotes an image
 * by ID; anything else must be a name. (Short ID prefixes parse as names — docker
 * tries the name first and the ID prefix after; see isShortIdCandidate.)
 */
export function parseAnyReference(s: string): AnyReference {
  if (anchoredIdentifierRegexp.test(s)) return { kind: 'id', digest: 'sha256:' + s };
  if (isValidDigest(s)) return { kind: 'id', digest: s };
  return { kind: 'named', ref: parseReference(s) };
}

function isValidDigest(s: string): boolean {
  try {
    validateDigest(s, s);
    return true;
  } catch {
    return false;
  }
}

function toRef(ref: ImageReference | string): ImageReference {
  return typeof ref === 'string' ? parseReference(ref) : ref;
}

/** reference.TagNameOnly: add ":latest" when there is neither tag nor digest. */
export function withDefaultTag(ref: ImageReference | string): ImageReference {
  const r = toRef(ref);
  return r.tag === undefined && r.digest === undefined ? { ...r, tag: DEFAULT_TAG } : r;
}

/** Full name without tag or digest: "docker.io/library/nginx". */
export function fullName(ref: ImageReference | string): string {
  const r = toRef(ref);
  return r.domain ? `${r.domain}/${r.path}` : r.path;
}

/** reference String(): name[:tag][@digest], fully qualified. */
export function referenceString(ref: ImageReference | string): string {
  const r = toRef(ref);
  return fullName(r) + (r.tag !== undefined ? ':' + r.tag : '') + (r.digest !== undefined ? '@' + r.digest : '');
}

/**
 * The key an image reference is stored and looked up under, like
 * reference.ParseDockerRef: "nginx" -> "docker.io/library/nginx:latest". A
 * reference with both tag and digest keeps only the digest, which is what pins it.
 */
export function normalize(s: string): string {
  const r = parseReference(s);
  if (r.digest !== undefined) return `${fullName(r)}@${r.digest}`;
  return referenceString(withDefaultTag(r));
}

/**
 * reference.FamiliarName: Docker Hub's domain and, for single-component official
 * images, "library/" are dropped — "docker.io/library/nginx" -> "nginx",
 * "docker.io/training/sinatra" -> "training/sinatra", "localhost:5000/app" stays.
 */
export function familiarName(ref: ImageReference | string): string {
  const r = toRef(ref);
  if (r.domain !== DEFAULT_DOMAIN) return fullName(r);
  if (r.path.startsWith(OFFICIAL_REPO_PREFIX)) {
    const rest = r.path.slice(OFFICIAL_REPO_PREFIX.length);
    if (!rest.includes('/')) return rest;
  }
  return r.path;
}

/** reference.FamiliarString: familiar name plus ":tag" and "@digest" as present. */
export function familiarString(ref: ImageReference | string): string {
  const r = toRef(ref);
  return familiarName(r) + (r.tag !== undefined ? ':' + r.tag : '') + (r.digest !== undefined ? '@' + r.digest : '');
}

/** The tag grammar on its own (`[\w][\w.-]{0,127}`). */
export function isValidTag(tag: string): boolean {
  return anchoredTagRegexp.test(tag);
}

/**
 * Could `s` be an image or container ID prefix? Lowercase hex, 1 to 64 chars, with
 * an optional "sha256:" as image lookups accept. docker matches any non-empty
 * prefix (and reports ambiguity), but only after a name lookup has failed: "abc"
 * is first the image docker.io/library/abc:latest.
 */
export function isShortIdCandidate(s: string): boolean {
  return /^(?:sha256:)?[0-9a-f]{1,64}$/.test(s);
}

export interface RepoTag {
  /** Familiar repository name ("nginx", "me/app", "localhost:5000/app"). */
  repo: string;
  tag: string;
  /** Normalised stored form ("docker.io/library/nginx:v2"). */
  full: string;
}

/**
 * The target of `docker tag SRC TARGET` or `docker commit CONTAINER [REPO[:TAG]]`:
 * a name with an optional tag (default "latest"), never a digest. `docker tag`
 * wraps parse errors in "error parsing reference: "X" is not a valid
 * repository/tag: …" (moby client ImageTag); `docker commit` does not.
 */
export function parseRepoTag(s: string, purpose: 'tag' | 'commit' = 'tag'): RepoTag {
  let r: ImageReference;
  try {
    r = parseReference(s);
  } catch (e) {
    if (purpose === 'tag' && e instanceof EngineError) {
      throw invalid(`error parsing reference: ${goQuote(s)} is not a valid repository/tag: ${e.message}`, s);
    }
    throw e;
  }
  if (r.digest !== undefined) throw invalid('refusing to create a tag with a digest reference', s);
  const t = withDefaultTag(r);
  return { repo: familiarName(t), tag: t.tag!, full: referenceString(t) };
}
