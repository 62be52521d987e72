// GENERATED publish attestations signed by keys that only the registry serves, for the
// e2e tests of who vouches for the key of npm's publish attestation. The bundles are
// key-signed DSSE bundles logged in the generated transparency log of
// test/support/generated-bundle.ts, so they verify only with a trusted root that names
// that log: the TUF repository /tuf/publish-keys/ serves one (with the generated npm
// key as its npm keys target), signed with this registry's test keys.
//
// - derived-publish-registry-only@1.0.0: signed by a key the registry serves under its
//   own id, which the TUF repository does not know: passes, flagged registry-only.
// - derived-publish-key-conflict@1.0.0: signed by a key the registry serves under the id
//   of the TUF repository's npm key, with other material: the served key is refused
//   (the TUF key wins) and the attestation fails.
import { createHash } from 'node:crypto';
import {
  GENERATED_KEY_ID,
  generatedBundle,
  generatedOtherSignerSpki,
  generatedRegistryKey,
  generatedTrustedRoot,
  publishStatement,
} from '../../test/support/generated-bundle';
import type { JsonObject } from './json-value';

export const PUBLISH_REGISTRY_ONLY = 'derived-publish-registry-only';
export const PUBLISH_KEY_CONFLICT = 'derived-publish-key-conflict';
const VERSION = '1.0.0';
const PUBLISH_TYPE = 'https://github.com/npm/attestation/tree/main/specs/publish/v0.1';

const OTHER_SPKI = generatedOtherSignerSpki();
/** npm's key id form for the other generated key: `SHA256:` and the unpadded base64 of the SPKI's sha256. */
export const REGISTRY_ONLY_KEY_ID = `SHA256:${createHash('sha256')
  .update(Buffer.from(OTHER_SPKI, 'base64'))
  .digest('base64')
  .replace(/=+$/, '')}`;

export const PUBLISH_KEY_DESCRIPTIONS: Record<string, string> = {
  [PUBLISH_REGISTRY_ONLY]: `GENERATED: 1.0.0's publish attestation is signed by ${REGISTRY_ONLY_KEY_ID}, a key only this registry serves (not in any TUF repository), logged in the generated log: verify with ?tuf=/tuf/publish-keys and ?tuf-root=/tuf/publish-keys/root.json; it passes, flagged as vouched for by the registry only.`,
  [PUBLISH_KEY_CONFLICT]: `GENERATED: 1.0.0's publish attestation is signed by a key this registry serves under ${GENERATED_KEY_ID}, the id of the npm key of /tuf/publish-keys, with other material: with that TUF repository the served key is refused and the attestation fails.`,
};

function bytesOf(name: string): Buffer {
  return Buffer.from(`generated tarball bytes for ${name}@${VERSION}`, 'utf8');
}

function packument(name: string): JsonObject {
  const integrity = `sha512-${createHash('sha512').update(bytesOf(name)).digest('base64')}`;
  const time = '2024-03-01T12:00:00.000Z';
  return {
    _derived: PUBLISH_KEY_DESCRIPTIONS[name] ?? '',
    _id: name,
    name,
    'dist-tags': { latest: VERSION },
    versions: {
      [VERSION]: {
        name,
        version: VERSION,
        _id: `${name}@${VERSION}`,
        dist: {
          integrity,
          tarball: `https://registry.npmjs.org/${name}/-/${name}-${VERSION}.tgz`,
          attestations: { url: `https://registry.npmjs.org/-/npm/v1/attestations/${name}@${VERSION}` },
        },
        _npmUser: { name: 'generated', email: 'generated@example.com' },
      },
    },
    time: { created: time, modified: time, [VERSION]: time },
  };
}

function attestations(name: string, hint: string): string {
  const digest = createHash('sha512').update(bytesOf(name)).digest('hex');
  const bundle = generatedBundle(publishStatement(name, VERSION, digest), { wrongSigner: true, hint });
  return JSON.stringify({ attestations: [{ predicateType: PUBLISH_TYPE, bundle }] });
}

/** The two packages: packuments by name, attestations responses by `name@version`. */
export function publishKeyPackages(): { packuments: Map<string, JsonObject>; attestations: Map<string, string> } {
  return {
    packuments: new Map([
      [PUBLISH_REGISTRY_ONLY, packument(PUBLISH_REGISTRY_ONLY)],
      [PUBLISH_KEY_CONFLICT, packument(PUBLISH_KEY_CONFLICT)],
    ]),
    attestations: new Map([
      [`${PUBLISH_REGISTRY_ONLY}@${VERSION}`, attestations(PUBLISH_REGISTRY_ONLY, REGISTRY_ONLY_KEY_ID)],
      [`${PUBLISH_KEY_CONFLICT}@${VERSION}`, attestations(PUBLISH_KEY_CONFLICT, GENERATED_KEY_ID)],
    ]),
  };
}

/** `/-/npm/v1/keys` entries the registry serves for these cases: the other key, under its own id and under the TUF key's id. */
export function publishKeyRegistryEntries(): JsonObject[] {
  const entry = (keyid: string) => ({
    expires: null,
    keyid,
    keytype: 'ecdsa-sha2-nistp256',
    scheme: 'ecdsa-sha2-nistp256',
    key: OTHER_SPKI,
  });
  return [entry(REGISTRY_ONLY_KEY_ID), entry(GENERATED_KEY_ID)];
}

/** What /tuf/publish-keys/ serves: a trusted root naming the generated log, and the generated npm key as npm's keys. */
export function publishKeysTufTargets(): { trustedRoot: string; npmKeys: string } {
  const key = generatedRegistryKey();
  return {
    trustedRoot: JSON.stringify(generatedTrustedRoot()),
    npmKeys: JSON.stringify({
      keys: [
        {
          keyId: key.keyId,
          keyUsage: 'npm:attestations',
          publicKey: {
            rawBytes: key.publicKey,
            keyDetails: 'PKIX_ECDSA_P256_SHA_256',
            validFor: { start: '2020-01-01T00:00:00.000Z' },
          },
        },
      ],
    }),
  };
}
