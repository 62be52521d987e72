import { describe, expect, it } from 'vitest';
import type { TrustLevel, VerificationStatus } from '../model';
import type { IntegrityStatus } from './integrity';
import { weaknessRank, type ReviewFinding, type ReviewRow } from './review';
import { filterReviewRows, sortReviewRows } from './review-filter';

function row(
  name: string,
  version: string,
  trust: TrustLevel,
  verification: VerificationStatus | 'pending',
  integrity: IntegrityStatus,
  extra: { direct?: boolean; findings?: ReviewFinding[]; publishedAt?: string } = {},
): ReviewRow {
  const key = `${name}@${version}`;
  const r: ReviewRow = {
    key,
    name,
    version,
    direct: extra.direct ?? false,
    path: [key],
    parents: [],
    status: verification === 'pending' ? 'pending' : 'ready',
    trust,
    trustPending: false,
    verification,
    links: {},
    hasInstallScripts: false,
    integrity: { status: integrity, message: '' },
    findings: extra.findings ?? [],
    weakness: 0,
    ...(extra.publishedAt ? { publishedAt: extra.publishedAt } : {}),
  };
  r.weakness = weaknessRank(r);
  return r;
}

const downgrade: ReviewFinding = { kind: 'trust-downgrade', severity: 'high', versions: ['1.3.1'], message: 'weaker' };
const rows = [
  row('tuf-js', '1.0.0', 'provenance', 'verified', 'match', { direct: true, publishedAt: '2023-01-01' }),
  row('sigstore', '1.3.1', 'none', 'absent', 'match', { findings: [downgrade], publishedAt: '2023-05-01' }),
  row('bad', '1.0.0', 'none', 'failed', 'match', { publishedAt: '2022-01-01' }),
  row('mismatch', '1.0.0', 'none', 'absent', 'mismatch', { direct: true }),
  row('@playwright/cli', '0.1.1', 'trusted-publisher', 'verified', 'unknown', { publishedAt: '2025-01-01' }),
];
const keys = (list: ReviewRow[]) => list.map((r) => r.key);

describe('filterReviewRows', () => {
  it('filters by each field, and by several at once', () => {
    expect(keys(filterReviewRows(rows, { trust: 'none' }))).toEqual(['sigstore@1.3.1', 'bad@1.0.0', 'mismatch@1.0.0']);
    expect(keys(filterReviewRows(rows, { verification: 'verified' }))).toEqual(['tuf-js@1.0.0', '@playwright/cli@0.1.1']);
    expect(keys(filterReviewRows(rows, { integrity: 'mismatch' }))).toEqual(['mismatch@1.0.0']);
    expect(keys(filterReviewRows(rows, { placement: 'direct' }))).toEqual(['tuf-js@1.0.0', 'mismatch@1.0.0']);
    expect(keys(filterReviewRows(rows, { placement: 'transitive', trust: 'none' }))).toEqual(['sigstore@1.3.1', 'bad@1.0.0']);
    expect(keys(filterReviewRows(rows, { findings: 'trust-downgrade' }))).toEqual(['sigstore@1.3.1']);
    expect(keys(filterReviewRows(rows, { findings: 'publisher-change' }))).toEqual([]);
    expect(filterReviewRows(rows, { findings: 'none' })).toHaveLength(4);
    expect(keys(filterReviewRows(rows, { name: 'PLAY' }))).toEqual(['@playwright/cli@0.1.1']);
    expect(filterReviewRows(rows, {})).toHaveLength(rows.length);
  });
});

describe('sortReviewRows', () => {
  it('orders weakest first: failed, then mismatch, then a high finding', () => {
    expect(keys(sortReviewRows(rows, 'weakness')).slice(0, 3)).toEqual(['bad@1.0.0', 'mismatch@1.0.0', 'sigstore@1.3.1']);
  });

  it('orders by name, trust, verification and publish time without changing its input', () => {
    const before = keys(rows);
    expect(keys(sortReviewRows(rows, 'name'))).toEqual(['@playwright/cli@0.1.1', 'bad@1.0.0', 'mismatch@1.0.0', 'sigstore@1.3.1', 'tuf-js@1.0.0']);
    expect(keys(sortReviewRows(rows, 'trust')).slice(-2)).toEqual(['tuf-js@1.0.0', '@playwright/cli@0.1.1']);
    expect(keys(sortReviewRows(rows, 'verification'))[0]).toBe('bad@1.0.0');
    expect(keys(sortReviewRows(rows, 'published'))).toEqual(['@playwright/cli@0.1.1', 'sigstore@1.3.1', 'tuf-js@1.0.0', 'bad@1.0.0', 'mismatch@1.0.0']);
    expect(keys(rows)).toEqual(before);
  });

  it('breaks ties in weakness by name and version as the name sort does (code units, no collation)', () => {
    const tied = [row('ab', '1.0.0', 'none', 'absent', 'match'), row('a_b', '1.0.0', 'none', 'absent', 'match'), row('a-b', '1.10.0', 'none', 'absent', 'match'), row('a-b', '1.9.0', 'none', 'absent', 'match')];
    const expected = ['a-b@1.10.0', 'a-b@1.9.0', 'a_b@1.0.0', 'ab@1.0.0'];
    expect(keys(sortReviewRows(tied, 'weakness'))).toEqual(expected);
    expect(keys(sortReviewRows(tied, 'name'))).toEqual(expected);
  });
});
