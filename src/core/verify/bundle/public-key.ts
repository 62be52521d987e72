// Keys for key-signed bundles: npm's registry keys the user selected, or a public key the
// user pasted. Parsed by the library's own `createPublicKey` (the shim's in the browser),
// so a key is accepted here exactly when the library could use it.
import { sha256 } from '@noble/hashes/sha2.js';
import { crypto as sigstoreCrypto } from '@sigstore/core';
import type { KeyFinderFunc } from '@sigstore/verify';
import { Buffer } from 'buffer';
import type { RegistryKey } from '../../registry/npm-keys';
import { base64ToBytes, bytesToBase64 } from '../../util/encoding';
import { KeyNotFoundError } from '../trust-root';
import { npmKeyFinder } from '../verification-context';
import { errorText } from './read';
import type { Parsed } from './types';

export interface ProvidedKey {
  /** npm-style key id: `SHA256:` and the unpadded base64 of the SPKI's sha256. */
  keyId: string;
  publicKey: ReturnType<typeof sigstoreCrypto.createPublicKey>;
}

/** A PEM "PUBLIC KEY" block or base64 SPKI DER. */
export function parseProvidedKey(input: string): Parsed<ProvidedKey> {
  const text = input.trim();
  let der: Uint8Array;
  const pem = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/.exec(text);
  try {
    if (pem) {
      if (pem[1] !== 'PUBLIC KEY')
        return {
          ok: false,
          message: `A "${pem[1] ?? ''}" PEM block is not a public key: give a "PUBLIC KEY" (SPKI) block.`,
        };
      der = base64ToBytes((pem[2] ?? '').replace(/\s+/g, ''));
    } else {
      der = base64ToBytes(text.replace(/\s+/g, ''));
    }
  } catch {
    return { ok: false, message: 'The public key is neither a PEM "PUBLIC KEY" block nor base64 DER.' };
  }
  try {
    const publicKey = sigstoreCrypto.createPublicKey(Buffer.from(der));
    return { ok: true, value: { keyId: `SHA256:${bytesToBase64(sha256(der)).replace(/=+$/, '')}`, publicKey } };
  } catch (error) {
    return { ok: false, message: `The public key cannot be used: ${errorText(error)}.` };
  }
}

export interface KeyChoice {
  npm: RegistryKey[];
  provided?: ProvidedKey;
}

/** npm's keys by id, valid at the time of the log entry; else the key the user gave. */
export function keyFinder(keys: KeyChoice): KeyFinderFunc {
  return npmKeyFinder(keys.npm, (hint) => {
    if (keys.provided) return { publicKey: keys.provided.publicKey, validFor: () => true };
    throw new KeyNotFoundError(
      `No key with id ${hint || '(no hint)'} was selected or given: select npm's key, or paste the public key under Advanced.`,
    );
  });
}

export function keySourceOf(hint: string, keys: KeyChoice): 'npm' | 'provided' {
  return keys.npm.some((k) => k.keyId === hint) ? 'npm' : 'provided';
}
