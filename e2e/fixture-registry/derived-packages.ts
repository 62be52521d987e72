// DERIVED packuments for the packages whose attestations are recorded but whose
// packuments are not (sigstore, tuf-js, @playwright/cli). Everything that a signature
// covers comes from the recorded bundles unchanged; the packument around them is built
// here from the bundles' signed statements (subject → name, version, dist.integrity;
// SLSA predicate → repository, gitHead; Rekor → publish time). What could not be read
// from a signature (the publishing account) is assumed, and every derived document says
// so in its `_derived` field. Nothing here is written to disk.
import {
  NPM_PUBLISH_V01,
  findProvenance,
  parseAttestationsResponse,
  readProvenanceFacts,
  readStatement,
  sha1Hex,
  sha512Integrity,
  type AttestationsResponse,
  type ProvenanceFacts,
} from './attestation-bundles';
import { readFileSync } from 'node:fs';
import type { RecordedFixtures } from './fixtures';
import { parseJsonObject, readArray, readObject, readString, type JsonObject, type JsonValue } from './json-value';
import { attestationsUrl, tarballUrl } from './npm-urls';

/** Derived documents of one registry: packuments by name, attestations text by `name@version`. */
export interface DerivedRegistryData {
  packuments: Map<string, JsonObject>;
  attestations: Map<string, string>;
}

export const SIGSTORE = 'sigstore';
export const TUF_JS = 'tuf-js';
export const PLAYWRIGHT_CLI = '@playwright/cli';

// Accounts cannot be read from the 2023 certificates without parsing X.509 extensions,
// and the publishing account is not signed anyway; these are assumptions, said so below.
const ASSUMED_PERSON: JsonObject = { name: 'bdehamer', email: 'user1@example.com' };
const ASSUMED_TRUSTED_PUBLISHER: JsonObject = {
  name: 'GitHub Actions',
  email: 'npm-oidc-no-reply@github.com',
  trustedPublisher: { id: 'github', oidcConfigId: 'oidc:00000000-0000-4000-8000-000000000000' },
};
const PERSON_NOTE = '_npmUser is assumed (the maintainer account is not in the attestation).';
const TRUSTED_PUBLISHER_NOTE =
  '_npmUser is assumed to be npm trusted publishing from GitHub Actions (the account is not in the attestation; the oidcConfigId is made up).';

/**
 * The provenance is signed in CI, then `npm publish` uploads and the registry signs its
 * publish attestation (about 2 s after the provenance in these recordings) and records
 * the version's time. So a version's `time` is a few seconds after the provenance's
 * Rekor integratedTime.
 */
const PUBLISH_DELAY_SECONDS = 3;
const ONE_DAY_SECONDS = 24 * 60 * 60;

/** The inputs of one derived version document. */
export interface DerivedVersion {
  version: string;
  integrity: string;
  /** Only when the bytes are known; never invented. */
  shasum?: string;
  /** Set when the version claims attestations (`dist.attestations.provenance.predicateType`). */
  provenancePredicateType?: string;
  gitHead?: string;
  repositoryUrl: string;
  npmUser: JsonObject;
  publishedAt: Date;
  derived: string;
  /** Recorded `dist.signatures` (never made up for a recorded version). */
  signatures?: JsonValue[];
}

const RECORDED_DIST_FILE = 'recorded/npm-cli-audit-signatures.json';

/**
 * The recorded `dist.signatures` of `spec` (npm/cli's test data, recorded/README.md), if
 * its recorded integrity is the one derived from the attestation: a mismatch would mean
 * the recordings are of different tarballs, and is refused.
 */
export function recordedSignatures(spec: string, integrity: string): JsonValue[] | undefined {
  const text = readFileSync(new URL(RECORDED_DIST_FILE, import.meta.url), 'utf8');
  const versions = readObject(parseJsonObject(text, RECORDED_DIST_FILE), 'versions', RECORDED_DIST_FILE);
  if (!Object.hasOwn(versions, spec)) return undefined;
  const where = `${RECORDED_DIST_FILE} ${spec}`;
  const recorded = readObject(versions, spec, where);
  if (readString(recorded, 'integrity', where) !== integrity)
    throw new Error(`${where}: the recorded integrity differs from the attested one (${integrity}).`);
  return readArray(recorded, 'signatures', where);
}

export function buildDerivedPackages(fixtures: RecordedFixtures): DerivedRegistryData {
  const attestations = new Map<string, string>();
  const sigstore = buildSigstore(fixtures, attestations);
  const tufJs = buildSingleAttested(fixtures, TUF_JS, '1.0.0', ASSUMED_PERSON, PERSON_NOTE, attestations, true);
  const playwright = buildSingleAttested(
    fixtures,
    PLAYWRIGHT_CLI,
    '0.1.1',
    ASSUMED_TRUSTED_PUBLISHER,
    TRUSTED_PUBLISHER_NOTE,
    attestations,
  );
  return {
    packuments: new Map([
      [SIGSTORE, sigstore],
      [TUF_JS, tufJs],
      [PLAYWRIGHT_CLI, playwright],
    ]),
    attestations,
  };
}

function buildSingleAttested(
  fixtures: RecordedFixtures,
  name: string,
  version: string,
  npmUser: JsonObject,
  npmUserNote: string,
  attestations: Map<string, string>,
  withRecordedSignatures = false,
): JsonObject {
  const spec = `${name}@${version}`;
  const text = recordedAttestations(fixtures, spec);
  attestations.set(spec, text);
  const source = `registry/attestations/${spec.replace('/', '_')}.json`;
  const { derivedVersion } = attestedVersion(
    parseAttestationsResponse(text, source),
    source,
    npmUser,
    npmUserNote,
  );
  const signatures = withRecordedSignatures ? recordedSignatures(spec, derivedVersion.integrity) : undefined;
  if (signatures) {
    derivedVersion.signatures = signatures;
    derivedVersion.derived = derivedVersion.derived.replace(
      'no dist.signatures (only npm holds the signing key)',
      `dist.signatures as recorded by npm/cli's tests (e2e/fixture-registry/${RECORDED_DIST_FILE}): real, made by npm's key`,
    );
  }
  return buildPackument(
    name,
    [derivedVersion],
    `Derived packument: the one version whose attestations are recorded (${source}); the packument itself is not recorded.`,
  );
}

// sigstore shows a release line: two attested versions, two whose attestations are
// claimed but missing or broken, and a last version that drops provenance.
function buildSigstore(fixtures: RecordedFixtures, attestations: Map<string, string>): JsonObject {
  const v100Source = 'registry/attestations/sigstore@1.0.0.json';
  const v100Text = recordedAttestations(fixtures, 'sigstore@1.0.0');
  const v100 = attestedVersion(
    parseAttestationsResponse(v100Text, v100Source),
    v100Source,
    ASSUMED_PERSON,
    PERSON_NOTE,
  );
  attestations.set('sigstore@1.0.0', v100Text);

  const v130Source = 'sigstore/bundles/sigstore@1.3.0-provenance.json and -publish.json';
  const v130Response = sigstore130Attestations(fixtures);
  const v130 = attestedVersion(v130Response, v130Source, ASSUMED_PERSON, PERSON_NOTE);
  attestations.set('sigstore@1.3.0', JSON.stringify(v130Response));

  // 1.2.0's attestations answer 200 with the first half of a real response: broken JSON.
  attestations.set('sigstore@1.2.0', v100Text.slice(0, Math.floor(v100Text.length / 2)));
  // 1.1.0's attestations are claimed but not served at all (404).

  const repositoryUrl = v100.facts.repositoryUrl;
  const predicateType = v100.facts.predicateType;
  const v110 = unsignedVersion(
    '1.1.0',
    repositoryUrl,
    new Date('2023-03-02T18:21:07.000Z'),
    predicateType,
    'Derived version with no recorded counterpart: its attestations are claimed in dist.attestations but the attestations URL answers 404.',
  );
  const v120 = unsignedVersion(
    '1.2.0',
    repositoryUrl,
    new Date('2023-03-28T16:42:51.000Z'),
    predicateType,
    'Derived version with no recorded counterpart: its attestations URL answers 200 with a truncated (malformed) JSON body.',
  );
  const v131 = unsignedVersion(
    '1.3.1',
    v130.facts.repositoryUrl,
    new Date(v130.derivedVersion.publishedAt.getTime() + ONE_DAY_SECONDS * 1000),
    undefined,
    'Derived version published one day after 1.3.0 by the same account with no attestations at all: a release line that drops provenance.',
  );
  return buildPackument(
    SIGSTORE,
    [v100.derivedVersion, v110, v120, v130.derivedVersion, v131],
    'Derived packument: 1.0.0 and 1.3.0 are built from their recorded attestations; 1.1.0, 1.2.0 and 1.3.1 are made up to show missing, malformed and dropped provenance next to intact versions.',
  );
}

/** The npm attestations response for sigstore@1.3.0, assembled from its two recorded bundles. */
function sigstore130Attestations(fixtures: RecordedFixtures): AttestationsResponse {
  const attestations = ['sigstore@1.3.0-provenance', 'sigstore@1.3.0-publish'].map((file) => {
    const where = `sigstore/bundles/${file}.json`;
    const text = fixtures.bundles.get(file);
    if (text === undefined) throw new Error(`Fixture ${where} is missing.`);
    const bundle = parseJsonObject(text, where);
    return { predicateType: readString(readStatement(bundle, where), 'predicateType', where), bundle };
  });
  return { attestations };
}

function recordedAttestations(fixtures: RecordedFixtures, spec: string): string {
  const text = fixtures.attestations.get(spec);
  if (text === undefined)
    throw new Error(`Recorded attestations for ${spec} are missing from ${fixtures.dir}.`);
  return text;
}

function attestedVersion(
  response: AttestationsResponse,
  source: string,
  npmUser: JsonObject,
  npmUserNote: string,
): { derivedVersion: DerivedVersion; facts: ProvenanceFacts } {
  const facts = readProvenanceFacts(findProvenance(response, source), source);
  const hasPublish = response.attestations.some((a) => a.predicateType === NPM_PUBLISH_V01);
  const derivedVersion: DerivedVersion = {
    version: facts.version,
    integrity: facts.integrity,
    provenancePredicateType: facts.predicateType,
    gitHead: facts.gitHead,
    repositoryUrl: facts.repositoryUrl,
    npmUser,
    publishedAt: new Date((facts.integratedTime + PUBLISH_DELAY_SECONDS) * 1000),
    derived:
      `Derived from ${source}: name, version and dist.integrity from the provenance statement's subject, ` +
      `repository and gitHead from its SLSA predicate, time from its Rekor integratedTime plus ${PUBLISH_DELAY_SECONDS} s` +
      `${hasPublish ? '' : ' (no publish attestation recorded)'}. ${npmUserNote} ` +
      'No dist.shasum (not in the attestation) and no dist.signatures (only npm holds the signing key).',
  };
  return { derivedVersion, facts };
}

// A version with no recorded data: its tarball bytes are a fixed made-up string, and its
// integrity and shasum are the real hashes of those bytes (so they are consistent).
function unsignedVersion(
  version: string,
  repositoryUrl: string,
  publishedAt: Date,
  provenancePredicateType: string | undefined,
  why: string,
): DerivedVersion {
  const bytes = derivedTarballBytes(SIGSTORE, version);
  return {
    version,
    integrity: sha512Integrity(bytes),
    shasum: sha1Hex(bytes),
    ...(provenancePredicateType ? { provenancePredicateType } : {}),
    repositoryUrl,
    npmUser: ASSUMED_PERSON,
    publishedAt,
    derived: `${why} dist.integrity and dist.shasum hash the fixed derived bytes "${bytes}"; ${PERSON_NOTE} No dist.signatures.`,
  };
}

export function derivedTarballBytes(name: string, version: string): string {
  return `derived fixture tarball bytes for ${name}@${version}`;
}

export function buildVersionDocument(name: string, v: DerivedVersion): JsonObject {
  const dist: JsonObject = { integrity: v.integrity };
  if (v.shasum) dist.shasum = v.shasum;
  dist.tarball = tarballUrl(name, v.version);
  if (v.signatures) dist.signatures = v.signatures;
  if (v.provenancePredicateType) {
    dist.attestations = {
      url: attestationsUrl(name, v.version),
      provenance: { predicateType: v.provenancePredicateType },
    };
  }
  return {
    _derived: v.derived,
    name,
    version: v.version,
    _id: `${name}@${v.version}`,
    repository: { type: 'git', url: v.repositoryUrl },
    ...(v.gitHead ? { gitHead: v.gitHead } : {}),
    dist,
    _npmUser: v.npmUser,
  };
}

export function buildPackument(name: string, versions: DerivedVersion[], derived: string): JsonObject {
  const sorted = [...versions].sort((a, b) => a.publishedAt.getTime() - b.publishedAt.getTime());
  const first = sorted[0];
  const last = sorted.at(-1);
  if (!first || !last) throw new Error(`Derived packument ${name} has no versions.`);
  const latest = sorted.filter((v) => !v.version.includes('-')).at(-1) ?? last;
  const time: JsonObject = {
    created: first.publishedAt.toISOString(),
    modified: last.publishedAt.toISOString(),
  };
  const documents: JsonObject = {};
  for (const v of sorted) {
    time[v.version] = v.publishedAt.toISOString();
    documents[v.version] = buildVersionDocument(name, v);
  }
  return {
    _derived: derived,
    _id: name,
    name,
    'dist-tags': { latest: latest.version },
    versions: documents,
    time,
    repository: { type: 'git', url: latest.repositoryUrl },
  };
}
