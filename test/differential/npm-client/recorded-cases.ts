// The npm-client differential on RECORDED data (../shared/fixtures): every version of every
// recorded packument, with its real registry signatures and npm's two keys (the old one
// expired in January 2025, so each signature is judged at its version's publish time), and
// the three recorded attestation responses with real Sigstore public-good bundles.
import { clone, entryOf, readAttestations, recordFromBundle, ATTESTATION_FILES } from '../../support/derived-record';
import { listFixtures, readFixture } from '../../support/fixtures';
import type { ClientCase } from './harness';

type Packument = { name?: unknown; versions?: Record<string, { dist?: Record<string, unknown> }> };

/**
 * The recorded packuments, each version a case. DERIVED: `dist.attestations` is taken out
 * of every version (their responses were not recorded, so both clients would only report
 * a 404); no signature covers it.
 */
export function recordedPackumentCases(): ClientCase[] {
  return listFixtures('registry/packuments').flatMap((file) => {
    const doc = readFixture<Packument>('registry/packuments', file);
    if (typeof doc.name !== 'string' || !doc.versions) return []; // a per-version document
    const packument = clone(doc);
    for (const version of Object.values(packument.versions ?? {})) delete version.dist?.attestations;
    const name = doc.name;
    return Object.keys(doc.versions).map((version) => ({
      what: `recorded ${name}@${version} (its attestations claim taken out)`,
      name,
      version,
      packument: packument as Record<string, unknown>,
      attestations: undefined,
    }));
  });
}

/**
 * The recorded attestation responses, each served for a DERIVED packument built from its
 * provenance's subject (name, version, sha512 → dist.integrity; their packuments were not
 * recorded), without registry signatures, published when the provenance was logged.
 */
export function recordedAttestationCases(): ClientCase[] {
  return ATTESTATION_FILES.map((file) => {
    const response = readAttestations(file);
    const provenance = entryOf(response, 'provenance');
    const record = recordFromBundle(provenance.bundle);
    const entries = (provenance.bundle as { verificationMaterial: { tlogEntries: { integratedTime: string }[] } })
      .verificationMaterial.tlogEntries;
    const published = new Date(Number(entries[0]?.integratedTime) * 1000).toISOString();
    const dist = {
      tarball: `https://registry.example/${record.name}/-/${record.name.split('/').pop()}-${record.version}.tgz`,
      integrity: record.dist.integrity,
      attestations: { url: record.dist.attestations?.url, provenance: { predicateType: provenance.predicateType } },
    };
    const packument = {
      _id: record.name,
      name: record.name,
      'dist-tags': { latest: record.version },
      versions: {
        [record.version]: { name: record.name, version: record.version, _id: `${record.name}@${record.version}`, dist },
      },
      time: { created: published, modified: published, [record.version]: published },
    };
    return {
      what: `recorded attestations of ${record.name}@${record.version} (derived packument)`,
      name: record.name,
      version: record.version,
      packument,
      attestations: JSON.stringify(response),
    };
  });
}

/**
 * DERIVED from the recorded data, each case one change that a client must refuse or accept
 * for the same reason npm's does: vue@2.7.16, signed in 2023 with npm's old key (expired
 * 2025-01-29), its publish time moved or spoiled, its integrity or key id swapped; and
 * one package's recorded attestations served for another.
 */
export function derivedRecordedCases(): ClientCase[] {
  const vue = readFixture<Packument & { time: Record<string, string> }>('registry/packuments', 'vue.json');
  const version = '2.7.16';
  const variant = (what: string, change: (doc: typeof vue) => void): ClientCase => {
    const packument = clone(vue);
    for (const v of Object.values(packument.versions ?? {})) delete v.dist?.attestations;
    change(packument);
    return { what: `derived: vue@${version}, ${what}`, name: 'vue', version, packument, attestations: undefined };
  };
  const dist = (doc: typeof vue) =>
    doc.versions?.[version]?.dist as { integrity: string; signatures: { keyid: string }[] };
  const sigstore = recordedAttestationCases().find((c) => c.name === 'sigstore');
  const tufJs = readAttestations('tuf-js@1.0.0.json');
  return [
    variant('as recorded', () => {}),
    variant('published after the old key expired', (doc) => (doc.time[version] = '2025-06-01T00:00:00.000Z')),
    variant('published the day before the old key expired', (doc) => (doc.time[version] = '2025-01-28T00:00:00.000Z')),
    variant('its publish time not recorded', (doc) => delete doc.time[version]),
    variant('its publish time not a date', (doc) => (doc.time[version] = 'not a date')),
    variant('its publish time a date after the expiry, not in ISO form', (doc) => (doc.time[version] = 'June 1, 2025')),
    variant(
      "another version's integrity",
      (doc) => (dist(doc).integrity = dist(doc).integrity.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'))),
    ),
    variant(
      "its signature filed under the new key's id",
      (doc) => (dist(doc).signatures[0]!.keyid = 'SHA256:DhQ8wR5APBvFHLF/+Tc+AYvPOdTpcIDqOhxsBHRwC7U'),
    ),
    ...(sigstore
      ? [
          {
            ...sigstore,
            what: "derived: tuf-js@1.0.0's recorded attestations served for sigstore@1.0.0",
            attestations: JSON.stringify(tufJs),
          },
        ]
      : []),
  ];
}
