// Test-only builders of DERIVED data: everything here is built or altered in code from
// the recorded files in ../shared/fixtures (read through ./fixtures). Tests that use
// these helpers say "derived" in their names. Nothing here imports node:crypto, so the
// verify tests can use it in the `browser-crypto` project too.
import { Buffer } from 'buffer';
import type { PackageRecord, VersionRecord } from '../../src/core/model';
import { parsePackument } from '../../src/core/registry/npm-packument';
import { parseRegistryKeysResponse, parseTufRegistryKeys, type RegistryKey } from '../../src/core/registry/npm-keys';
import { packumentFile, readFixture } from './fixtures';

export const SLSA_V1_TYPE = 'https://slsa.dev/provenance/v1';
export const SLSA_V02_TYPE = 'https://slsa.dev/provenance/v0.2';
export const PUBLISH_TYPE = 'https://github.com/npm/attestation/tree/main/specs/publish/v0.1';

/** The recorded npm attestation responses (registry/attestations/*.json). */
export const ATTESTATION_FILES = ['sigstore@1.0.0.json', 'tuf-js@1.0.0.json', '@playwright_cli@0.1.1.json'] as const;
export type AttestationFile = (typeof ATTESTATION_FILES)[number];

export interface AttestationEntry {
  predicateType: string;
  bundle: Record<string, unknown>;
  [key: string]: unknown;
}
export interface AttestationsResponse {
  attestations: AttestationEntry[];
}

export function readAttestations(file: AttestationFile | string): AttestationsResponse {
  return readFixture<AttestationsResponse>('registry/attestations', file);
}

export function readBundle(file: string): Record<string, unknown> {
  return readFixture<Record<string, unknown>>('sigstore/bundles', file);
}

export function publicGoodRoot(): unknown {
  return readFixture('sigstore/trusted-roots/public-good.json');
}

export function olderPublicGoodRoot(): unknown {
  return readFixture('sigstore/trusted-roots/public-good-older.json');
}

/** npm's keys as `GET /-/npm/v1/keys` serves them (origin 'registry'). */
export function registryKeys(): RegistryKey[] {
  return parseRegistryKeysResponse(readFixture('registry/keys/npm-v1-keys.json'));
}

/** npm's keys as Sigstore's TUF target serves them (origin 'tuf', with usages). */
export function tufKeys(): RegistryKey[] {
  return parseTufRegistryKeys(readFixture('registry/keys/registry-keys.tuf-target.json'));
}

export const OLD_KEY_ID = 'SHA256:jl3bwswu80PjjokCgh0o2w5c2U4LhQAE57gj9cz1kzA';
export const NEW_KEY_ID = 'SHA256:DhQ8wR5APBvFHLF/+Tc+AYvPOdTpcIDqOhxsBHRwC7U';

/** A recorded packument, parsed. `name` as npm spells it (`@nuxt/kit`). */
export function loadPackument(name: string): PackageRecord {
  return parsePackument(readFixture('registry/packuments', packumentFile(name)), name);
}

export function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

export function entryOf(response: AttestationsResponse, predicateType: 'provenance' | 'publish'): AttestationEntry {
  const entry = response.attestations.find((a) =>
    predicateType === 'publish'
      ? a.predicateType === PUBLISH_TYPE
      : a.predicateType.startsWith('https://slsa.dev/provenance/'),
  );
  if (!entry) throw new Error(`no ${predicateType} attestation in the response`);
  return entry;
}

/** DERIVED: the in-toto statement inside a bundle's DSSE envelope. */
export function statementOf(bundle: unknown): {
  subject: { name: string; digest: Record<string, string> }[];
  predicateType: string;
  predicate: unknown;
} {
  const envelope = (bundle as { dsseEnvelope: { payload: string } }).dsseEnvelope;
  return JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8'));
}

/** `pkg:npm/%40scope/name@1.0.0` → `{ name: '@scope/name', version: '1.0.0' }`. */
export function parseNpmPurl(purl: string): { name: string; version: string } {
  const body = decodeURIComponent(purl.replace(/^pkg:npm\//, ''));
  const at = body.lastIndexOf('@');
  return { name: body.slice(0, at), version: body.slice(at + 1) };
}

/** sha512 hex → SRI `sha512-<base64>`. */
export function integrityFromHex(hex: string): string {
  return `sha512-${Buffer.from(hex, 'hex').toString('base64')}`;
}

/**
 * DERIVED: a VersionRecord built from a bundle's statement subject (name, version,
 * sha512 → dist.integrity), since the packuments of the attested packages are not
 * recorded. It has no dist.signatures (registry-signature step: skip). Like npm's
 * packuments, it claims attestations, with provenance when the bundle is SLSA provenance.
 */
export function recordFromBundle(bundle: unknown, extra: Partial<VersionRecord> = {}): VersionRecord {
  const statement = statementOf(bundle);
  const predicateType = statement.predicateType;
  const subject = statement.subject[0];
  if (!subject) throw new Error('bundle statement has no subject');
  const { name, version } = parseNpmPurl(subject.name);
  const sha512 = subject.digest.sha512;
  if (!sha512) throw new Error('bundle subject has no sha512');
  return {
    name,
    version,
    distTags: [],
    dist: {
      integrity: integrityFromHex(sha512),
      signatures: [],
      attestations: {
        url: `https://registry.example/-/npm/v1/attestations/${name}@${version}`,
        ...(predicateType.startsWith('https://slsa.dev/provenance/') ? { provenancePredicateType: predicateType } : {}),
      },
    },
    installScripts: {},
    dependencies: {},
    ...extra,
  };
}

/** DERIVED: a copy of `record` with the given top-level fields replaced (`dist` as a whole). */
export function derivedVersion(record: VersionRecord, changes: Partial<VersionRecord>): VersionRecord {
  // structuredClone, not JSON: an explicit `undefined` (e.g. no publishedAt) must stay.
  return { ...clone(record), ...structuredClone(changes) };
}

/** DERIVED: a copy of `pkg` with `extra` versions added, kept newest first. */
export function withVersions(
  pkg: PackageRecord,
  extra: VersionRecord[],
  distTags?: Record<string, string>,
): PackageRecord {
  const versions = [...clone(pkg.versions), ...extra].sort((a, b) =>
    (b.publishedAt ?? '').localeCompare(a.publishedAt ?? ''),
  );
  return { ...clone(pkg), versions, distTags: distTags ?? clone(pkg.distTags) };
}

/** DERIVED: flips one bit of a base64 value (byte `index`, counted from the start). */
export function flipBase64Bit(value: string, index = 10, bit = 0): string {
  const bytes = Buffer.from(value, 'base64');
  const at = index % bytes.length;
  bytes[at] = (bytes[at] ?? 0) ^ (1 << bit);
  return bytes.toString('base64');
}

/** DERIVED: a DSSE payload re-encoded after `edit` changed its JSON text. */
export function editPayload(bundle: Record<string, unknown>, edit: (json: string) => string): void {
  const envelope = bundle.dsseEnvelope as { payload: string };
  const text = Buffer.from(envelope.payload, 'base64').toString('utf8');
  const edited = edit(text);
  if (edited === text) throw new Error('editPayload: the edit changed nothing');
  envelope.payload = Buffer.from(edited, 'utf8').toString('base64');
}

/** Typed access to the bundle fields the tamper tests touch. */
export interface TlogEntryJson {
  logIndex: string;
  integratedTime: string;
  canonicalizedBody: string;
  logId: { keyId: string };
  kindVersion: { kind: string; version: string };
  inclusionPromise?: { signedEntryTimestamp: string };
  inclusionProof?: {
    logIndex: string;
    rootHash: string;
    treeSize: string;
    hashes: string[];
    checkpoint: { envelope: string };
  };
}
export interface BundleJson {
  mediaType: string;
  verificationMaterial: {
    publicKey?: { hint: string };
    certificate?: { rawBytes: string };
    x509CertificateChain?: { certificates: { rawBytes: string }[] };
    tlogEntries: TlogEntryJson[];
  };
  dsseEnvelope: { payload: string; payloadType: string; signatures: { sig: string; keyid: string }[] };
}

export function asBundle(value: unknown): BundleJson {
  return value as BundleJson;
}

/** The leaf certificate's base64 DER, from either v0.1/v0.2 chains or v0.3 `certificate`. */
export function leafCertificateBase64(bundle: unknown): string {
  const material = asBundle(bundle).verificationMaterial;
  const raw = material.certificate?.rawBytes ?? material.x509CertificateChain?.certificates[0]?.rawBytes;
  if (!raw) throw new Error('bundle has no certificate');
  return raw;
}

/** DERIVED: replaces the bundle's leaf certificate, keeping its own material shape. */
export function replaceLeafCertificate(bundle: unknown, rawBytes: string): void {
  const material = asBundle(bundle).verificationMaterial;
  if (material.certificate) material.certificate = { rawBytes };
  else if (material.x509CertificateChain) material.x509CertificateChain = { certificates: [{ rawBytes }] };
  else throw new Error('bundle has no certificate to replace');
}

/** DERIVED: an attestations response wrapping loose bundles (sigstore/bundles). */
export function wrapBundles(entries: { predicateType: string; bundle: unknown }[]): AttestationsResponse {
  return {
    attestations: entries.map((e) => ({
      predicateType: e.predicateType,
      bundle: clone(e.bundle) as Record<string, unknown>,
    })),
  };
}
