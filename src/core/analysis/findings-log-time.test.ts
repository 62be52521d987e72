// log-time-gap on REAL verifications of the recorded attestations (their Rekor
// integratedTime is real) with DERIVED records: each record is built from its bundle's
// subject and given a publish time, which the recordings do not hold — 3 s after the
// provenance's log time as the fixture registry derives it, or as a test says.
import { describe, expect, it } from 'vitest';
import type { Finding, PackageAnalysis, PackageRecord, VersionRecord, VersionVerification } from '../model';
import {
  ATTESTATION_FILES,
  PUBLISH_TYPE,
  SLSA_V02_TYPE,
  entryOf,
  loadPackument,
  publicGoodRoot,
  readAttestations,
  readBundle,
  recordFromBundle,
  registryKeys,
  wrapBundles,
  type AttestationsResponse,
} from '../../../test/support/derived-record';
import { derivedLookup, verifiedVerification } from '../../../test/support/derived-verification';
import { createVerificationContext } from '../verify/verification-context';
import { verifyVersion } from '../verify/verify-version';
import { analyzePackage } from './analyze-package';
import { LOG_TIME_GAP_MS } from './findings-log-time';

const ofKind = (a: PackageAnalysis, kind: Finding['kind']) => a.findings.filter((f) => f.kind === kind);
const ctx = createVerificationContext({ trustedRoot: publicGoodRoot(), npmKeys: registryKeys() });

interface Recorded {
  record: VersionRecord;
  verification: VersionVerification;
}

function verified(response: AttestationsResponse): Recorded {
  const record = recordFromBundle(entryOf(response, 'provenance').bundle);
  return { record, verification: verifyVersion(ctx, record, { kind: 'fetched', body: response }) };
}

const RESPONSES: Record<string, AttestationsResponse> = {
  ...Object.fromEntries(ATTESTATION_FILES.map((file) => [file, readAttestations(file)])),
  'sigstore@1.3.0 (bundles)': wrapBundles([
    { predicateType: SLSA_V02_TYPE, bundle: readBundle('sigstore@1.3.0-provenance.json') },
    { predicateType: PUBLISH_TYPE, bundle: readBundle('sigstore@1.3.0-publish.json') },
  ]),
};

/** DERIVED: a one-version package published `offsetMs` after the provenance's log time. */
function publishedAfterLog(item: Recorded, offsetMs: number, extra: Partial<VersionRecord> = {}) {
  const logged = Number(item.verification.provenanceLog?.integratedTime) * 1000;
  return analyzeOne(
    { ...item.record, publishedAt: new Date(logged + offsetMs).toISOString(), ...extra },
    item.verification,
  );
}

function analyzeOne(record: VersionRecord, verification: VersionVerification) {
  const pkg: PackageRecord = {
    name: record.name,
    distTags: { latest: record.version },
    versions: [record],
    removedVersions: [],
  };
  return analyzePackage(pkg, () => verification);
}

describe('publish time against the transparency log (recorded attestations)', () => {
  it('in every recording, npm’s publish attestation was logged 2 to 4 s after the provenance', () => {
    for (const [name, response] of Object.entries(RESPONSES)) {
      const { verification } = verified(response);
      expect(verification.status, name).toBe('verified');
      const gap = Number(verification.publishLog?.integratedTime) - Number(verification.provenanceLog?.integratedTime);
      expect(gap, name).toBeGreaterThanOrEqual(2);
      expect(gap, name).toBeLessThanOrEqual(4);
    }
  });

  it('derived records published at their publish attestation’s log time, or 3 s after the provenance → no finding', () => {
    for (const [name, response] of Object.entries(RESPONSES)) {
      const item = verified(response);
      const publishGap =
        (Number(item.verification.publishLog?.integratedTime) -
          Number(item.verification.provenanceLog?.integratedTime)) *
        1000;
      expect(ofKind(publishedAfterLog(item, publishGap), 'log-time-gap'), name).toEqual([]);
      expect(ofKind(publishedAfterLog(item, 3_000), 'log-time-gap'), name).toEqual([]);
    }
  });

  it('derived: sigstore 1.3.0 with a publish time 5 hours after its provenance was logged → medium, with both times', () => {
    const item = verified(RESPONSES['sigstore@1.3.0 (bundles)']!);
    expect(item.verification.provenanceLog).toMatchObject({ logIndex: '18300934', integratedTime: '1681839912' });
    expect(ofKind(publishedAfterLog(item, 5 * 3_600_000), 'log-time-gap')).toEqual([
      {
        kind: 'log-time-gap',
        severity: 'medium',
        versions: ['1.3.0'],
        message:
          '1.3.0 was published 2023-04-18 22:45:12 UTC, but its provenance was entered in the transparency log ' +
          '2023-04-18 17:45:12 UTC (Rekor index 18300934), 5 hours earlier. npm signs and logs the provenance as part ' +
          'of `npm publish`, so the two are normally seconds to a few minutes apart; an attestation made this long ' +
          'before the upload was produced in one place and published later, perhaps elsewhere: it vouches for the ' +
          'build, not for who published it. npm’s own publish attestation was logged 2023-04-18 17:45:16 UTC, 4 hours ' +
          '59 minutes before the publish time.',
      },
    ]);
  });

  it('derived: @playwright/cli published 2 hours BEFORE its provenance was logged → medium, the other way round', () => {
    const item = verified(RESPONSES['@playwright_cli@0.1.1.json']!);
    const [finding, ...rest] = ofKind(publishedAfterLog(item, -2 * 3_600_000), 'log-time-gap');
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ severity: 'medium', versions: ['0.1.1'] });
    expect(finding?.message).toContain(
      '2 hours after the version was published. An attestation cannot be added to a published version, so the ' +
        'registry’s publish time is probably wrong here',
    );
  });

  it(`derived: the threshold is ${LOG_TIME_GAP_MS / 3_600_000} hour: exactly an hour is fine, a second more is not`, () => {
    const item = verified(RESPONSES['tuf-js@1.0.0.json']!);
    expect(ofKind(publishedAfterLog(item, LOG_TIME_GAP_MS), 'log-time-gap')).toEqual([]);
    expect(ofKind(publishedAfterLog(item, LOG_TIME_GAP_MS + 1_000), 'log-time-gap')).toHaveLength(1);
    expect(ofKind(publishedAfterLog(item, -LOG_TIME_GAP_MS - 1_000), 'log-time-gap')).toHaveLength(1);
  });

  it('derived: a staged publish (approver) → low: the wait for approval can explain it', () => {
    const item = verified(RESPONSES['@playwright_cli@0.1.1.json']!);
    const staged = publishedAfterLog(item, 26 * 3_600_000, {
      publisher: { name: 'GitHub Actions', approver: { name: 'pavelfeldman' } },
    });
    const [finding] = ofKind(staged, 'log-time-gap');
    expect(finding?.severity).toBe('low');
    expect(finding?.message).toMatch(
      /It was a staged publish approved by "pavelfeldman": the wait for approval can explain the gap\.$/,
    );
  });

  it('derived: unverified results, a missing log time or a missing publish time are not judged', () => {
    const item = verified(RESPONSES['sigstore@1.0.0.json']!);
    // Five hours after the real log time: a gap, had the results been usable.
    const record = { ...item.record, publishedAt: new Date((1675965360 + 5 * 3600) * 1000).toISOString() };
    expect(ofKind(analyzeOne(record, item.verification), 'log-time-gap')).toHaveLength(1);
    const v = item.verification;
    expect(ofKind(analyzeOne(record, { ...v, status: 'failed' }), 'log-time-gap')).toEqual([]);
    expect(ofKind(analyzeOne(record, { ...v, provenanceLog: { logIndex: '1' } }), 'log-time-gap')).toEqual([]);
    expect(
      ofKind(analyzeOne(record, { ...v, provenanceLog: { logIndex: '1', integratedTime: '1e9' } }), 'log-time-gap'),
    ).toEqual([]);
    expect(
      ofKind(analyzeOne(record, { ...v, provenanceLog: { logIndex: '1', integratedTime: '0' } }), 'log-time-gap'),
    ).toEqual([]);
    expect(ofKind(analyzeOne({ ...record, publishedAt: undefined }, v), 'log-time-gap')).toEqual([]);
  });

  it('derived: the recorded packuments with derived verifications carry no log entry, so nothing is judged', () => {
    const vue = loadPackument('vue');
    expect(verifiedVerification(vue.versions[0]!).provenanceLog).toBeUndefined();
    expect(ofKind(analyzePackage(vue, derivedLookup(vue)), 'log-time-gap')).toEqual([]);
  });
});
