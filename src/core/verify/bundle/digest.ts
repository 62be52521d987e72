// The artifact's side of the #/verify page: a digest as typed, or the file's own digests.
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import { bytesToHex, parseSriPart, SRI_DIGEST_BYTES } from '../../util/encoding';
import type { ArtifactDigests, Digest, DigestAlgorithm, Parsed } from './types';

/** Up to this size the artifact is read whole (WebCrypto hashes it; message signatures need it). */
const WHOLE_ARTIFACT_LIMIT = 256 * 1024 * 1024;

const ALGORITHMS: readonly DigestAlgorithm[] = ['sha256', 'sha384', 'sha512'];

export function isDigestAlgorithm(value: string): value is DigestAlgorithm {
  return (ALGORITHMS as readonly string[]).includes(value);
}

const hexLength = (algorithm: DigestAlgorithm): number => SRI_DIGEST_BYTES[algorithm] * 2;

/** `sha256:<hex>`, `sha512:<hex>` (sha384 too), SRI `sha512-<base64>` (several, space-separated), or bare hex. */
export function parseDigestInput(input: string): Parsed<Digest[]> & { digests: Digest[] } {
  const text = input.trim();
  const fail = (message: string) => ({ ok: false as const, message, digests: [] });
  const prefixed = /^(sha256|sha384|sha512):([0-9a-fA-F]+)$/.exec(text);
  if (prefixed) {
    const algorithm = prefixed[1] as DigestAlgorithm;
    const hex = (prefixed[2] ?? '').toLowerCase();
    if (hex.length !== hexLength(algorithm)) {
      return fail(`A ${algorithm} digest is ${hexLength(algorithm)} hex characters; this one has ${hex.length}.`);
    }
    return { ok: true, value: [{ algorithm, hex }], digests: [{ algorithm, hex }] };
  }
  if (/^[0-9a-fA-F]+$/.test(text)) {
    const algorithm = ALGORITHMS.find((a) => hexLength(a) === text.length);
    if (!algorithm) return fail(`${text.length} hex characters is no sha256 (64), sha384 (96) or sha512 (128) digest.`);
    const digests = [{ algorithm, hex: text.toLowerCase() }];
    return { ok: true, value: digests, digests };
  }
  const digests: Digest[] = [];
  for (const part of text.split(/\s+/)) {
    const sri = parseSriPart(part);
    if (!sri) {
      return fail(
        `"${part.length > 40 ? `${part.slice(0, 40)}…` : part}" is not a digest: write sha256:<hex>, sha512:<hex> or an SRI string such as sha512-<base64>.`,
      );
    }
    const { algorithm, hex } = sri;
    if (hex === undefined) return fail(`The base64 of the ${algorithm} SRI digest cannot be decoded.`);
    if (hex.length !== hexLength(algorithm))
      return fail(
        `The ${algorithm} SRI digest decodes to ${hex.length / 2} bytes, not ${SRI_DIGEST_BYTES[algorithm]}.`,
      );
    digests.push({ algorithm, hex });
  }
  return { ok: true, value: digests, digests };
}

/** sha256, sha384 and sha512 of a file, natively when it fits in memory, else streamed. */
export async function digestArtifact(blob: Blob): Promise<ArtifactDigests> {
  if (blob.size <= WHOLE_ARTIFACT_LIMIT) {
    const buffer = await blob.arrayBuffer();
    const [d256, d384, d512] = await Promise.all(
      (['SHA-256', 'SHA-384', 'SHA-512'] as const).map(async (name) =>
        bytesToHex(new Uint8Array(await crypto.subtle.digest(name, buffer))),
      ),
    );
    return {
      size: blob.size,
      bytes: new Uint8Array(buffer),
      digests: [
        { algorithm: 'sha256', hex: d256 ?? '' },
        { algorithm: 'sha384', hex: d384 ?? '' },
        { algorithm: 'sha512', hex: d512 ?? '' },
      ],
    };
  }
  // WebCrypto hashes only whole buffers: a file this large is hashed chunk by chunk.
  const hashes = [sha256.create(), sha384.create(), sha512.create()] as const;
  const reader = blob.stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    for (const hash of hashes) hash.update(value);
  }
  return {
    size: blob.size,
    digests: [
      { algorithm: 'sha256', hex: bytesToHex(hashes[0].digest()) },
      { algorithm: 'sha384', hex: bytesToHex(hashes[1].digest()) },
      { algorithm: 'sha512', hex: bytesToHex(hashes[2].digest()) },
    ],
  };
}
