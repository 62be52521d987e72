// Hex, base64 and SRI (Subresource Integrity, npm's `dist.integrity`) for the core: one
// definition each. Hex comes from @noble/hashes (already shipped for the shim).
import { bytesToHex } from '@noble/hashes/utils.js';

export { bytesToHex };

/**
 * Strict standard base64 (RFC 4648 §4, padding optional) to bytes; throws on anything
 * else. Hand-written around `atob` because `Buffer.from(text, 'base64')` silently skips
 * characters it does not know, and a pasted key or digest must be refused instead.
 */
export function base64ToBytes(text: string): Uint8Array {
  if (text.length === 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) throw new Error('not base64');
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export type SriAlgorithm = 'sha256' | 'sha384' | 'sha512';

/** Digest length in bytes of each SRI algorithm. */
export const SRI_DIGEST_BYTES: Readonly<Record<SriAlgorithm, number>> = { sha256: 32, sha384: 48, sha512: 64 };

/**
 * One SRI hash expression (`sha512-<base64>`, options after `?` ignored), or undefined
 * when the text is not one. `hex` is undefined when its base64 does not decode; its
 * length is not checked here (see {@link SRI_DIGEST_BYTES}).
 */
export function parseSriPart(part: string): { algorithm: SriAlgorithm; hex?: string } | undefined {
  const match = /^(sha256|sha384|sha512)-([A-Za-z0-9+/]+={0,2})(\?.*)?$/.exec(part);
  if (!match) return undefined;
  const algorithm = match[1] as SriAlgorithm;
  try {
    return { algorithm, hex: bytesToHex(base64ToBytes(match[2] ?? '')) };
  } catch {
    return { algorithm };
  }
}

/** The hex digest of `algorithm` in an SRI string (space-separated hashes), if it has a well-formed one. */
export function sriDigestHex(integrity: string | undefined, algorithm: SriAlgorithm): string | undefined {
  if (!integrity) return undefined;
  for (const part of integrity.trim().split(/\s+/)) {
    const parsed = parseSriPart(part);
    if (parsed?.algorithm === algorithm && parsed.hex?.length === SRI_DIGEST_BYTES[algorithm] * 2) return parsed.hex;
  }
  return undefined;
}
