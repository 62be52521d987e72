// Who vouches for the key of npm's publish attestation: a GENERATED key-signed bundle
// (test/support/generated-bundle.ts), logged in a generated log, checked with that
// key as Sigstore's TUF repository would give it, as only a registry would serve it,
// and as a registry serving other material under the TUF key's id. No node:crypto here.
import { Buffer } from 'buffer';
import { sha512 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import type { VersionRecord } from '../model';
import { mergeRegistryKeys, type RegistryKey } from '../registry/npm-keys';
import {
  GENERATED_KEY_ID,
  generatedBundle,
  generatedOtherSignerSpki,
  generatedRegistryKey,
  generatedTrustedRoot,
  publishStatement,
} from '../../../test/support/generated-bundle';
import { PUBLISH_TYPE } from '../../../test/support/derived-record';
import { createVerificationContext } from './verification-context';
import { verifyVersion } from './verify-version';

const NAME = 'derived-publish-key';
const VERSION = '1.0.0';
const BYTES = new TextEncoder().encode('derived tarball bytes for the publish-key tests');
const DIGEST = Buffer.from(sha512(BYTES));

/** DERIVED: a version that claims a publish attestation only (no provenance). */
const RECORD: VersionRecord = {
  name: NAME,
  version: VERSION,
  publishedAt: '2023-11-14T22:13:25.000Z',
  distTags: ['latest'],
  dist: {
    integrity: `sha512-${DIGEST.toString('base64')}`,
    signatures: [],
    attestations: { url: `https://registry.example/-/npm/v1/attestations/${NAME}@${VERSION}` },
  },
  installScripts: {},
  dependencies: {},
};

function verifyWith(keys: RegistryKey[], options: Parameters<typeof generatedBundle>[1] = {}) {
  const ctx = createVerificationContext({ trustedRoot: generatedTrustedRoot(), npmKeys: keys });
  const bundle = generatedBundle(publishStatement(NAME, VERSION, DIGEST.toString('hex')), options);
  const result = verifyVersion(ctx, RECORD, {
    kind: 'fetched',
    body: { attestations: [{ predicateType: PUBLISH_TYPE, bundle }] },
  });
  const publish = result.steps.find((s) => s.step === 'publish-attestation');
  if (!publish) throw new Error('no publish step');
  return { result, publish };
}

describe('derived: the publish attestation names who vouches for its key', () => {
  it('derived: a key from the TUF repository passes, keyOrigin tuf, no flag', () => {
    const { result, publish } = verifyWith([generatedRegistryKey()]);
    expect(result.status).toBe('verified');
    expect(publish).toMatchObject({ outcome: 'pass', code: 'OK', keyId: GENERATED_KEY_ID, keyOrigin: 'tuf' });
    expect(publish.message).not.toContain('only by the registry');
  });

  it('derived: a key only the registry serves passes the signature check but is flagged on the step', () => {
    const { result, publish } = verifyWith([generatedRegistryKey({ origin: 'registry' })]);
    expect(result.status).toBe('verified');
    expect(publish).toMatchObject({ outcome: 'pass', code: 'OK', keyId: GENERATED_KEY_ID, keyOrigin: 'registry' });
    expect(publish.message).toContain(`The key ${GENERATED_KEY_ID} is vouched for only by the registry being browsed`);
  });

  it('derived: a registry key under the TUF key id with other material is refused; the attestation it signed fails', () => {
    const served: RegistryKey = {
      keyId: GENERATED_KEY_ID,
      publicKey: generatedOtherSignerSpki(),
      scheme: 'ecdsa-sha2-nistp256',
      origin: 'registry',
    };
    const { keys, conflicts } = mergeRegistryKeys([served], [generatedRegistryKey()]);
    expect(conflicts).toEqual([served]);
    expect(keys).toEqual([generatedRegistryKey()]);
    // The mirror signs (and logs) its attestation with the key it serves.
    const { result, publish } = verifyWith(keys, { wrongSigner: true });
    expect(result.status).toBe('failed');
    expect(publish.outcome).toBe('fail');
    // The code is the library's own for a signature by another key than the named one.
    expect(publish.code).toBe('SIGNATURE_ERROR');
    expect(publish.keyOrigin).toBe('tuf');
    expect(publish.keyId).toBeUndefined();
    expect(publish.message).toContain('other key material a registry serves under the same id is refused');
    // Served alone (no bundled key), that same key would have verified it: the refusal is what stops it.
    expect(verifyWith([served], { wrongSigner: true }).publish).toMatchObject({
      outcome: 'pass',
      keyOrigin: 'registry',
    });
  });
});

describe('mergeRegistryKeys', () => {
  it('derived: keeps the bundled keys first, adds unknown registry keys, reports none when they agree', () => {
    const bundled = generatedRegistryKey();
    const same = { ...bundled, origin: 'registry' as const };
    const extra: RegistryKey = {
      keyId: 'SHA256:new',
      publicKey: 'AAAA',
      scheme: 'ecdsa-sha2-nistp256',
      origin: 'registry',
    };
    expect(mergeRegistryKeys([same, extra], [bundled])).toEqual({ keys: [bundled, extra], conflicts: [] });
  });
});
