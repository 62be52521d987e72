// dist.integrity as npm's client reads it (ssri 13's `parse`, then `toString`; pacote 21):
// whitespace-separated hashes, each `<algorithm>-<digest>[?options]`, those whose
// algorithm Node's crypto does not know dropped, the rest grouped by algorithm in the
// order they first appear. The registry signature covers `<name>@<version>:` and this
// text, and the attestations are bound to the FIRST hash (held to ssri by
// npm-integrity.test.ts, and to npm's client by test/differential/npm-client.test.ts).
// Written by hand: ssri itself needs Node's crypto and streams, which the workers lack.
import { Buffer } from 'buffer';
import { bytesToBase64 } from '../util/encoding';
import { nodeHexBytes } from '../crypto/node-buffer';

/**
 * The names in Node's `crypto.getHashes()` that ssri's pattern can match (lower-case
 * letters and digits): the algorithms a hash may name and be kept.
 */
const NODE_HASHES: ReadonlySet<string> = new Set([
  'blake2b512',
  'blake2s256',
  'md5',
  'ripemd',
  'ripemd160',
  'rmd160',
  'sha1',
  'sha224',
  'sha256',
  'sha384',
  'sha512',
  'shake128',
  'shake256',
  'sm3',
]);

const SRI = /^([a-z0-9]+)-([^?]+)(\?[?\S*]*)?$/;

export interface NpmIntegrity {
  /** The text npm's client signs and compares (`String(ssri.parse(…))`). */
  text: string;
  /** The first hash: its algorithm, and its digest's bytes as hex (Node's base64 reading). */
  first: { algorithm: string; hex: string };
}

/**
 * The version's integrity as npm's client takes it: `dist.integrity` if it is a non-empty
 * string, else the sha1 of `dist.shasum`; undefined where neither gives a hash (npm's
 * client then checks neither signatures nor attestations).
 */
export function npmIntegrity(dist: { integrity?: string; shasum?: string }): NpmIntegrity | undefined {
  if (dist.integrity) return parse(dist.integrity);
  if (dist.shasum) return parse(`sha1-${bytesToBase64(nodeHexBytes(dist.shasum))}`);
  return undefined;
}

function parse(integrity: string): NpmIntegrity | undefined {
  const groups = new Map<string, string[]>();
  for (const token of integrity.trim().split(/\s+/)) {
    const match = SRI.exec(token);
    const algorithm = match?.[1];
    if (!match || !algorithm || !NODE_HASHES.has(algorithm)) continue;
    const options = match[3] ? match[3].slice(1).split('?') : [];
    const hash = `${algorithm}-${match[2]}${options.length > 0 ? `?${options.join('?')}` : ''}`;
    groups.set(algorithm, [...(groups.get(algorithm) ?? []), hash]);
  }
  if (groups.size === 0) return undefined;
  const text = [...groups.values()].flat().join(' ');
  // ssri's `hexDigest()` reads the whole text as one hash: the digest runs from the first
  // `-` to the first `?`, decoded as Node decodes base64 (it stops at padding, skips what
  // is not base64).
  const first = SRI.exec(text);
  const algorithm = first?.[1] ?? '';
  return { text, first: { algorithm, hex: Buffer.from(first?.[2] ?? '', 'base64').toString('hex') } };
}
