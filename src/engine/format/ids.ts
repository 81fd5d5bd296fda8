/**
 * Container and image identifiers as docker shows them (moby pkg/stringid).
 */

const SHORT_LEN = 12;

function toHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

/**
 * A 64-hex container/volume ID from 32 random bytes. Like stringid.GenerateRandomID,
 * draws again while the 12-char short form is all digits: the short ID becomes the
 * container's hostname, and an all-numeric hostname breaks resolvers.
 */
export function randomHexId(randomBytes: (n: number) => Uint8Array): string {
  for (;;) {
    const id = toHex(randomBytes(32));
    if (!/^[0-9]+$/.test(id.slice(0, SHORT_LEN))) return id;
  }
}

/**
 * stringid.TruncateID: drop anything up to the first ':' ("sha256:"), keep at most
 * 12 characters. What every ID column and message shows.
 */
export function shortId(idOrDigest: string): string {
  const i = idOrDigest.indexOf(':');
  const id = i >= 0 ? idOrDigest.slice(i + 1) : idOrDigest;
  return id.length > SHORT_LEN ? id.slice(0, SHORT_LEN) : id;
}

/** The encoded part of a digest ("sha256:abc…" -> "abc…"); a bare hex string is returned as is. */
export function digestHex(d: string): string {
  const i = d.indexOf(':');
  return i >= 0 ? d.slice(i + 1) : d;
}
