// DERIVED packages that no recording holds: hostile or odd registry metadata, an
// approver claim with nothing behind it, and versions signed with the derived registry
// key (derived-keys.ts). Every document says it is derived in its `_derived` field.
// Keys such as `__proto__` are written as own properties (defineProperty), so that they
// reach the JSON text exactly as a hostile registry would send them.
import { sha1Hex, sha512Integrity } from './attestation-bundles';
import { derivedRegistrySignature } from './derived-keys';
import { derivedTarballBytes } from './derived-packages';
import type { JsonObject, JsonValue } from './json-value';
import { tarballUrl } from './npm-urls';

export const APPROVER_CLAIM = 'derived-approver-claim';
export const REGISTRY_SIGNED = 'derived-registry-signed';
export const HOSTILE_METADATA = 'derived-hostile-metadata';
export const LONG_VERSION = 'derived-long-version';

/** U+202E RIGHT-TO-LEFT OVERRIDE: "safe\u202Egnp.exe" displays as "safeexe.png". */
export const RLO = '\u202E';
export const HOSTILE_DESCRIPTION = `safe${RLO}gnp.exe (derived: a description with a right-to-left override)`;
export const HOSTILE_PUBLISHER = `mallory${RLO}nimda\u0007`;
export const BIDI_VERSION = `1.0.1-${RLO}gnp`;
export const BIDI_TAG = `next${RLO}`;
export const INVALID_TIME_VERSION = '1.0.2';
export const FOREIGN_ATTESTATIONS_VERSION = '1.0.3';
/** Claimed in `dist.attestations.url`: another host, with `%2e%2e` segments. */
export const FOREIGN_ATTESTATIONS_URL =
  'https://attestations.evil.example/-/npm/v1/attestations/%2e%2e/%2e%2e/steal?x=1';
export const LONG_VERSION_STRING = `2.0.0-${'a'.repeat(100_000)}`;
export const BAD_SIGNATURE_VERSION = '1.2.0';

const REPOSITORY = 'git+https://github.com/derived-example/derived.git';
const PERSON = { name: 'derived-maintainer', email: 'user1@example.com' };

export const DERIVED_METADATA_DESCRIPTIONS: Readonly<Record<string, string>> = {
  [APPROVER_CLAIM]:
    'Derived: 1.0.0 published with a token and signed with the derived registry key; 1.1.0 claims a staged publish (_npmUser.approver) with no attestation and no signature: nothing proves the claim, so it must not rank as staged.',
  [REGISTRY_SIGNED]:
    'Derived: dist.signatures made with the derived test key that this registry serves at /-/npm/v1/keys but Sigstore\'s TUF repository does not know (so every signature is "vouched for by the registry only"); 1.2.0\'s signature covers other bytes and fails.',
  [HOSTILE_METADATA]:
    'Derived hostile metadata: a description, a version, a dist-tag and a publisher with U+202E and control characters, a dist-tag named __proto__, a version whose time is "1" (not ISO 8601), and a version whose dist.attestations.url names another host with %2e%2e segments.',
  [LONG_VERSION]: 'Derived: one ordinary version and one whose version string is 100,006 characters long.',
};

interface VersionSpec {
  version: string;
  npmUser?: JsonObject;
  signed?: 'valid' | 'other-bytes';
  attestationsUrl?: string;
  note: string;
}

function versionDocument(name: string, spec: VersionSpec): JsonObject {
  const bytes = derivedTarballBytes(name, spec.version);
  const integrity = sha512Integrity(bytes);
  const dist: JsonObject = { integrity, shasum: sha1Hex(bytes), tarball: tarballUrl(name, spec.version) };
  if (spec.signed) {
    const signedIntegrity = spec.signed === 'valid' ? integrity : sha512Integrity(`${bytes} (other bytes)`);
    dist.signatures = [derivedRegistrySignature(name, spec.version, signedIntegrity)];
  }
  if (spec.attestationsUrl) dist.attestations = { url: spec.attestationsUrl };
  return {
    _derived: `${spec.note} dist.integrity and dist.shasum hash the fixed derived bytes "${bytes}".`,
    name,
    version: spec.version,
    _id: `${name}@${spec.version}`,
    repository: { type: 'git', url: REPOSITORY },
    dist,
    _npmUser: spec.npmUser ?? PERSON,
  };
}

/** Sets `key` as an own enumerable property, even `__proto__`. */
function own(target: JsonObject, key: string, value: JsonValue): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function packument(
  name: string,
  specs: { spec: VersionSpec; time: string }[],
  distTags: [string, string][],
  derived: string,
  description?: string,
): JsonObject {
  const versions: JsonObject = {};
  const time: JsonObject = { created: specs[0]?.time ?? '', modified: specs.at(-1)?.time ?? '' };
  for (const { spec, time: t } of specs) {
    own(versions, spec.version, versionDocument(name, spec));
    own(time, spec.version, t);
  }
  const tags: JsonObject = {};
  for (const [tag, version] of distTags) own(tags, tag, version);
  return {
    _derived: derived,
    _id: name,
    name,
    ...(description ? { description } : {}),
    'dist-tags': tags,
    versions,
    time,
    repository: { type: 'git', url: REPOSITORY },
  };
}

export function buildDerivedMetadataPackages(): Map<string, JsonObject> {
  const approverClaim = packument(
    APPROVER_CLAIM,
    [
      {
        spec: {
          version: '1.0.0',
          signed: 'valid',
          note: 'Derived: a token publish signed with the derived registry key.',
        },
        time: '2025-03-01T10:00:00.000Z',
      },
      {
        spec: {
          version: '1.1.0',
          npmUser: { ...PERSON, approver: { name: 'derived-approver', email: 'user2@example.com' } },
          note: 'Derived: _npmUser.approver claims a staged publish; no attestation and no dist.signatures back it.',
        },
        time: '2025-03-08T10:00:00.000Z',
      },
    ],
    [['latest', '1.1.0']],
    DERIVED_METADATA_DESCRIPTIONS[APPROVER_CLAIM] ?? '',
  );

  const registrySigned = packument(
    REGISTRY_SIGNED,
    [
      {
        spec: { version: '1.0.0', signed: 'valid', note: 'Derived: signed with the derived registry key.' },
        time: '2025-04-01T10:00:00.000Z',
      },
      {
        spec: { version: '1.1.0', signed: 'valid', note: 'Derived: signed with the derived registry key.' },
        time: '2025-04-08T10:00:00.000Z',
      },
      {
        spec: {
          version: BAD_SIGNATURE_VERSION,
          signed: 'other-bytes',
          note: 'Derived: signed with the derived registry key over another integrity, so the signature does not match.',
        },
        time: '2025-04-15T10:00:00.000Z',
      },
    ],
    [['latest', BAD_SIGNATURE_VERSION]],
    DERIVED_METADATA_DESCRIPTIONS[REGISTRY_SIGNED] ?? '',
  );

  const hostile = packument(
    HOSTILE_METADATA,
    [
      { spec: { version: '1.0.0', note: 'Derived: an ordinary version.' }, time: '2025-05-01T10:00:00.000Z' },
      {
        spec: {
          version: BIDI_VERSION,
          npmUser: { name: HOSTILE_PUBLISHER, email: 'user3@example.com' },
          note: 'Derived: a version string and a publisher name with U+202E (and a BEL control character).',
        },
        time: '2025-05-02T10:00:00.000Z',
      },
      {
        spec: { version: INVALID_TIME_VERSION, note: 'Derived: its time is "1", not an ISO 8601 date-time.' },
        time: '1',
      },
      {
        spec: {
          version: FOREIGN_ATTESTATIONS_VERSION,
          attestationsUrl: FOREIGN_ATTESTATIONS_URL,
          note: "Derived: dist.attestations.url names another host with %2e%2e segments; the explorer fetches (and links) the registry's own attestations URL instead, which answers 404 here.",
        },
        time: '2025-05-04T10:00:00.000Z',
      },
    ],
    [
      ['latest', FOREIGN_ATTESTATIONS_VERSION],
      ['__proto__', '1.0.0'],
      [BIDI_TAG, BIDI_VERSION],
    ],
    DERIVED_METADATA_DESCRIPTIONS[HOSTILE_METADATA] ?? '',
    HOSTILE_DESCRIPTION,
  );

  const long = packument(
    LONG_VERSION,
    [
      { spec: { version: '1.0.0', note: 'Derived: an ordinary version.' }, time: '2025-06-01T10:00:00.000Z' },
      {
        spec: { version: LONG_VERSION_STRING, note: 'Derived: a 100,006-character version string.' },
        time: '2025-06-02T10:00:00.000Z',
      },
    ],
    [['latest', LONG_VERSION_STRING]],
    DERIVED_METADATA_DESCRIPTIONS[LONG_VERSION] ?? '',
  );

  return new Map([
    [APPROVER_CLAIM, approverClaim],
    [REGISTRY_SIGNED, registrySigned],
    [HOSTILE_METADATA, hostile],
    [LONG_VERSION, long],
  ]);
}
