// DERIVED registry key: a P-256 key made from a fixed seed (so every run serves the same
// key), served by the fixture registry's `/-/npm/v1/keys` next to npm's recorded keys,
// and used to sign the `dist.signatures` of derived versions. Sigstore's TUF repository
// does not know it, so the explorer must mark every signature made with it as vouched
// for by the registry only. It is a test key: its secret is derived from a public seed.
import { createHash } from 'node:crypto';
import { p256 } from '@noble/curves/nist.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { parseJsonObject, readArray } from './json-value';

const SPKI_P256_PREFIX = Buffer.from('3059301306072a8648ce3d020106082a8648ce3d030107034200', 'hex');
const SECRET = sha256(new TextEncoder().encode('provenance-explorer fixture registry: derived registry key'));
const SPKI = Buffer.concat([SPKI_P256_PREFIX, Buffer.from(p256.getPublicKey(SECRET, false))]);

/** npm's key id form: `SHA256:` and the unpadded base64 of the SPKI's sha256. */
export const DERIVED_KEY_ID = `SHA256:${createHash('sha256').update(SPKI).digest('base64').replace(/=+$/, '')}`;
export const DERIVED_KEY_SPKI = SPKI.toString('base64');

/** `dist.signatures[]` entry: ECDSA P-256 / SHA-256 over `<name>@<version>:<integrity>`, DER, base64. */
export function derivedRegistrySignature(
  name: string,
  version: string,
  integrity: string,
): { keyid: string; sig: string } {
  const message = new TextEncoder().encode(`${name}@${version}:${integrity}`);
  const sig = Buffer.from(p256.sign(message, SECRET, { format: 'der' })).toString('base64');
  return { keyid: DERIVED_KEY_ID, sig };
}

/** The recorded `/-/npm/v1/keys` response with the derived key appended (recorded keys unchanged, first). */
export function keysWithDerivedKey(recordedKeysText: string): string {
  const doc = parseJsonObject(recordedKeysText, 'registry/keys/npm-v1-keys.json');
  const keys = readArray(doc, 'keys', 'npm-v1-keys.json');
  return JSON.stringify(
    {
      ...doc,
      keys: [
        ...keys,
        {
          expires: null,
          keyid: DERIVED_KEY_ID,
          keytype: 'ecdsa-sha2-nistp256',
          scheme: 'ecdsa-sha2-nistp256',
          key: DERIVED_KEY_SPKI,
        },
      ],
    },
    null,
    2,
  );
}
