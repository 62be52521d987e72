// The chart series on the recorded histories. The fixture registry holds no
// attestations for these packuments, so the verification results are DERIVED
// (test/support/derived-verification.ts): 'verified' where attestations are
// claimed, 'absent' elsewhere, with chosen versions overridden.
import { describe, expect, it } from 'vitest';
import type { PackageRecord, VersionRecord, VersionVerification } from '../model';
import { derivedVersion, loadPackument, withVersions } from '../../../test/support/derived-record';
import { derivedLookup, failedVerification, unavailableVerification } from '../../../test/support/derived-verification';
import { analyzePackage } from './analyze-package';
import {
  AGGREGATE_ABOVE,
  bucketStart,
  bucketUnitFor,
  cadenceSeries,
  periodKey,
  MAX_TICKS,
  publisherGroupOf,
  timeAxis,
  trustSeries,
} from './chart-series';

const vue = loadPackument('vue');
const nextApp = loadPackument('create-next-app');
const typesNode = loadPackument('@types/node');
const createVite = loadPackument('create-vite');
const nuxt = loadPackument('nuxt');

function viewsOf(pkg: PackageRecord, overrides: Record<string, VersionVerification | undefined> = {}) {
  return analyzePackage(pkg, derivedLookup(pkg, overrides)).versions;
}

function recordOf(pkg: PackageRecord, version: string): VersionRecord {
  const record = pkg.versions.find((v) => v.version === version);
  if (!record) throw new Error(`${version} is not in ${pkg.name}`);
  return record;
}

const DAY = 24 * 60 * 60 * 1000;

/**
 * DERIVED: `count` versions of vue, one every `everyDays` days from 2020-01-06, copied
 * from 2.7.16 (no attestations, an account's token); every third one claims
 * attestations like 3.5.0-rc.1 and so verifies under derivedLookup.
 */
function derivedHistory(count: number, everyDays = 3): PackageRecord {
  const plain = recordOf(vue, '2.7.16');
  const attested = recordOf(vue, '3.5.0-rc.1');
  const versions = Array.from({ length: count }, (_, i) =>
    derivedVersion(i % 3 === 2 ? attested : plain, {
      version: `0.0.${i}`,
      distTags: [],
      publishedAt: new Date(Date.UTC(2020, 0, 6) + i * everyDays * DAY).toISOString(),
    }),
  );
  return withVersions({ ...vue, versions: [] }, versions, {});
}

describe('trust series on vue (derived verifications)', () => {
  const series = trustSeries(viewsOf(vue));

  it('places every version, oldest first, one mark each', () => {
    expect(series.aggregated).toBe(false);
    expect(series.unit).toBeUndefined();
    expect(series.buckets).toEqual([]);
    expect(series.marks).toHaveLength(13);
    expect(series.marks[0]).toMatchObject({
      version: '1.0.28-csp',
      day: '2016-09-27',
      trust: 'none',
      rank: 0,
      status: 'absent',
    });
    expect(series.marks.at(-1)).toMatchObject({
      version: '3.6.0-beta.5',
      trust: 'trusted-publisher',
      rank: 2,
      status: 'verified',
    });
    const times = series.marks.map((m) => m.time);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(series.undated).toEqual([]);
  });

  it('marks the moves to provenance and to trusted publishing', () => {
    expect(series.rises.map((r) => [r.version, r.trust])).toEqual([
      ['3.5.0-rc.1', 'provenance'],
      ['3.6.0-alpha.5', 'trusted-publisher'],
    ]);
  });

  it('says when it moved, and that nothing dropped back', () => {
    expect(series.summary).toBe(
      'Versions moved from no provenance to provenance on 2024-08-29 (3.5.0-rc.1), ' +
        'then to trusted publishing on 2025-11-25 (3.6.0-alpha.5); no version since has dropped back.',
    );
    expect(series.caption).toContain('Each mark is one version');
    expect(series.caption).toContain('cross failed');
  });

  it('a failed latest version is a drop back, named with its failure (derived failure)', () => {
    const latest = recordOf(vue, '3.6.0-beta.5');
    const failed = trustSeries(viewsOf(vue, { '3.6.0-beta.5': failedVerification(latest) }));
    expect(failed.marks.at(-1)).toMatchObject({ version: '3.6.0-beta.5', trust: 'none', status: 'failed' });
    expect(failed.summary).toBe(
      'Versions moved from no provenance to provenance on 2024-08-29 (3.5.0-rc.1), ' +
        'then to trusted publishing on 2025-11-25 (3.6.0-alpha.5); 1 version since has dropped back, ' +
        'the latest 3.6.0-beta.5 on 2026-01-30 (no provenance, verification failed).',
    );
  });

  it('while a verification runs, its claimed level is shown and the summary says so (derived pending)', () => {
    const pending = trustSeries(viewsOf(vue, { '3.6.0-beta.5': undefined, '3.6.0-beta.4': undefined }));
    expect(pending.marks.at(-1)).toMatchObject({ trust: 'trusted-publisher', status: 'pending', claimed: true });
    expect(pending.pending).toBe(2);
    expect(series.pending).toBe(0);
    expect(pending.summary).toMatch(
      /no version since has dropped back\. Verification is still running for 2 versions: the level the registry claims is shown for them\.$/,
    );
  });
});

describe('trust series: other histories (derived verifications)', () => {
  it('create-next-app: the 12.3.7 backport without provenance is a drop back', () => {
    const series = trustSeries(viewsOf(nextApp));
    expect(series.rises.map((r) => r.version)).toEqual(['14.1.1']);
    expect(series.summary).toBe(
      'Versions moved from no provenance to provenance on 2024-02-29 (14.1.1); 1 version since has dropped back, ' +
        'the latest 12.3.7 on 2025-03-28 (no provenance).',
    );
  });

  it('@types/node: no version has provenance', () => {
    const series = trustSeries(viewsOf(typesNode));
    expect(series.rises).toEqual([]);
    expect(series.summary).toBe('None of the 34 versions has verified provenance.');
  });

  it('a history with no provenance counts failed and unavailable versions (derived)', () => {
    const [newest, second] = typesNode.versions;
    const series = trustSeries(
      viewsOf(typesNode, {
        [newest!.version]: failedVerification(newest!),
        [second!.version]: unavailableVerification(second!),
      }),
    );
    expect(series.summary).toBe(
      'None of the 34 versions has verified provenance (1 failed verification, 1 with attestations unavailable).',
    );
  });

  it('a history that starts with provenance says the first version already had it (derived)', () => {
    const series = trustSeries(viewsOf(createVite));
    expect(series.marks[0]?.trust).toBe('provenance');
    expect(series.summary).toMatch(/^Versions moved from provenance to trusted publishing on 2025-09-18 \(7\.1\.2\)/);
    const onlyProvenance = {
      ...createVite,
      versions: createVite.versions.filter((v) => !v.publisher?.trustedPublisher),
    };
    const first = trustSeries(viewsOf(onlyProvenance));
    expect(first.rises).toEqual([]);
    expect(first.summary).toMatch(/^The first version, 7\.\d+\.\d+ \(2025-\d\d-\d\d\), already had provenance/);
  });

  it('versions without a publish time are left out, and the caption says how many (derived)', () => {
    const undated = derivedVersion(recordOf(vue, '2.7.16'), { version: '2.7.17-undated', publishedAt: undefined });
    const unparsable = derivedVersion(recordOf(vue, '2.7.16'), {
      version: '2.7.18-bad-date',
      publishedAt: 'not a date',
    });
    const pkg = withVersions(vue, [undated, unparsable]);
    const series = trustSeries(viewsOf(pkg));
    expect(series.marks).toHaveLength(13);
    expect(series.undated.sort()).toEqual(['2.7.17-undated', '2.7.18-bad-date']);
    expect(series.caption).toMatch(/2 versions without a publish time are not shown\.$/);
    expect(cadenceSeries(pkg.versions).caption).toMatch(/2 versions without a publish time are not counted\.$/);
  });

  it('an empty history has nothing to place', () => {
    const series = trustSeries([]);
    expect(series.marks).toEqual([]);
    expect(series.summary).toBe('No version has a publish time, so there is nothing to place on a timeline.');
  });
});

describe(`aggregation above ${AGGREGATE_ABOVE} versions (derived histories)`, () => {
  it(`${AGGREGATE_ABOVE} versions are still drawn one by one`, () => {
    const series = trustSeries(viewsOf(derivedHistory(AGGREGATE_ABOVE)));
    expect(series.aggregated).toBe(false);
    expect(series.marks).toHaveLength(AGGREGATE_ABOVE);
  });

  it(`${AGGREGATE_ABOVE + 1} versions over 3.3 years are counted per month and trust level`, () => {
    const history = derivedHistory(AGGREGATE_ABOVE + 1);
    const series = trustSeries(viewsOf(history));
    expect(series.aggregated).toBe(true);
    expect(series.unit).toBe('month');
    // 2020-01-06 + 400 × 3 days = 2023-04-20: every month from 2020-01 to 2023-04.
    expect(series.buckets.map((b) => b.key)).toHaveLength(40);
    expect(series.buckets[0]?.key).toBe('2020-01');
    expect(series.buckets.at(-1)?.key).toBe('2023-04');
    expect(series.buckets.reduce((sum, b) => sum + b.total, 0)).toBe(AGGREGATE_ABOVE + 1);
    const provenance = series.buckets.reduce((sum, b) => sum + b.counts.provenance, 0);
    expect(provenance).toBe(Math.floor((AGGREGATE_ABOVE + 1) / 3));
    // January 2020 from the 6th, every third day: 6, 9, …, 30 → 9 versions, 3 attested.
    expect(series.buckets[0]).toMatchObject({
      total: 9,
      counts: { none: 6, provenance: 3, 'trusted-publisher': 0, staged: 0 },
    });
    expect(series.caption).toBe(
      '401 versions are too many to draw one by one (more than 400): they are counted per month and trust level, ' +
        'stacked (40 months). Failed, unavailable and pending verifications are counted in the table.',
    );
  });

  it('a short busy history is counted per week, and the buckets count failures and pending results', () => {
    const history = derivedHistory(420, 0.25);
    const [newest, second] = history.versions;
    const series = trustSeries(
      viewsOf(history, {
        [newest!.version]: failedVerification(newest!),
        [second!.version]: undefined,
      }),
    );
    expect(series.unit).toBe('week');
    const last = series.buckets.at(-1)!;
    expect(last.failed).toBe(1);
    expect(last.pending).toBe(1);
    expect(series.buckets.reduce((sum, b) => sum + b.failed + b.pending, 0)).toBe(2);
    // Weeks start on Monday; 2020-01-06 is one.
    expect(series.buckets[0]?.key).toBe('2020-01-06');
    expect(series.buckets[0]?.total).toBe(28);
  });

  it('gaps in a history are empty buckets, so the axis stays proportional to time', () => {
    const history = derivedHistory(AGGREGATE_ABOVE + 1, 0.05);
    const late = derivedVersion(recordOf(vue, '2.7.16'), { version: '9.9.9', publishedAt: '2021-01-15T00:00:00.000Z' });
    const series = trustSeries(viewsOf(withVersions(history, [late])));
    expect(series.unit).toBe('month');
    expect(series.buckets.map((b) => b.key)).toHaveLength(13);
    expect(series.buckets.slice(1, 12).every((b) => b.total === 0)).toBe(true);
    expect(series.buckets.at(-1)).toMatchObject({ key: '2021-01', total: 1 });
  });
});

describe('the bucketing rule', () => {
  const at = (iso: string) => Date.parse(iso);

  it('weeks up to 183 days, months beyond, years beyond 25 years', () => {
    expect(bucketUnitFor([at('2024-01-01T00:00:00Z'), at('2024-07-02T00:00:00Z')])).toBe('week');
    expect(bucketUnitFor([at('2024-01-01T00:00:00Z'), at('2024-07-03T00:00:00Z')])).toBe('month');
    expect(bucketUnitFor([at('2000-01-01T00:00:00Z'), at('2024-12-31T00:00:00Z')])).toBe('month');
    expect(bucketUnitFor([at('1990-01-01T00:00:00Z'), at('2024-12-31T00:00:00Z')])).toBe('year');
    expect(bucketUnitFor([])).toBe('month');
  });

  it('periods start in UTC, weeks on Monday', () => {
    const sunday = at('2024-03-10T23:30:00Z');
    expect(periodKey(bucketStart(sunday, 'week'), 'week')).toBe('2024-03-04');
    expect(periodKey(bucketStart(at('2024-03-11T00:00:00Z'), 'week'), 'week')).toBe('2024-03-11');
    expect(periodKey(bucketStart(sunday, 'month'), 'month')).toBe('2024-03');
    expect(periodKey(bucketStart(sunday, 'year'), 'year')).toBe('2024');
  });

  it('handles tens of thousands of times without spreading them into a call', () => {
    const times = Array.from({ length: 200_000 }, (_, i) => Date.UTC(2016, 0, 1) + i * 60_000);
    expect(bucketUnitFor(times)).toBe('week');
  });
});

describe('the time axis of the marks', () => {
  const at = (iso: string) => Date.parse(iso);

  it('vue spans ten years: yearly ticks, at most eight, inside a slightly wider domain', () => {
    const series = trustSeries(viewsOf(vue));
    const [first, last] = [series.marks[0]!.time, series.marks.at(-1)!.time];
    expect(series.axis.domain[0]).toBeLessThan(first);
    expect(series.axis.domain[1]).toBeGreaterThan(last);
    expect(series.axis.ticks.length).toBeLessThanOrEqual(MAX_TICKS);
    expect(series.axis.ticks.map((t) => t.label)).toEqual(['2018', '2020', '2022', '2024', '2026']);
    for (const tick of series.axis.ticks) {
      expect(tick.value).toBe(Date.UTC(Number(tick.label), 0, 1));
      expect(tick.value).toBeGreaterThanOrEqual(series.axis.domain[0]);
      expect(tick.value).toBeLessThanOrEqual(series.axis.domain[1]);
    }
  });

  it('a few months: monthly ticks; a few weeks: daily ones', () => {
    const months = timeAxis([at('2023-02-09T17:56:00Z'), at('2023-04-19T17:45:00Z')]);
    expect(months.ticks.map((t) => t.label)).toEqual(['2023-03', '2023-04']);
    const days = timeAxis([at('2024-03-01T00:00:00Z'), at('2024-03-05T00:00:00Z')]);
    // Padded by a day either side: 2024-02-29 to 2024-03-06.
    expect(days.ticks.map((t) => t.label)).toEqual([
      '2024-02-29',
      '2024-03-01',
      '2024-03-02',
      '2024-03-03',
      '2024-03-04',
      '2024-03-05',
      '2024-03-06',
    ]);
  });

  it('one version gets a day either side; none gets an empty axis', () => {
    const one = timeAxis([at('2024-03-01T12:00:00Z')]);
    expect(one.domain).toEqual([at('2024-02-29T12:00:00Z'), at('2024-03-02T12:00:00Z')]);
    expect(one.ticks.map((t) => t.label)).toEqual(['2024-03-01', '2024-03-02']);
    expect(timeAxis([])).toEqual({ domain: [0, 1], ticks: [] });
  });
});

describe('cadence series (registry metadata only, no verification)', () => {
  it('vue: per month, accounts first, then GitHub Actions as trusted publisher', () => {
    const series = cadenceSeries(vue.versions);
    expect(series.unit).toBe('month');
    expect(series.groups.map((g) => [g.label, g.kind, g.versions])).toEqual([
      ['Account tokens', 'account', 3],
      ['GitHub Actions', 'trusted-publisher', 10],
    ]);
    expect(series.buckets[0]?.key).toBe('2016-09');
    expect(series.buckets.at(-1)?.key).toBe('2026-01');
    expect(series.buckets.reduce((sum, b) => sum + b.total, 0)).toBe(13);
    const january = series.buckets.find((b) => b.key === '2026-01');
    expect(january).toMatchObject({ total: 5, counts: [0, 5] });
    expect(series.summary).toBe(
      '13 versions over 113 months (2016-09-27 to 2026-01-30), most in 2026-01 (5); ' +
        "published 3 with an account's token and 10 by GitHub Actions (trusted publisher); " +
        'trusted publishing first on 2025-11-25 (3.6.0-alpha.5).',
    );
  });

  it('create-vite spans under six months: per week', () => {
    const series = cadenceSeries(createVite.versions);
    expect(series.unit).toBe('week');
    expect(series.summary).toMatch(
      /^10 versions over 15 weeks \(2025-08-12 to 2025-11-20\), most in the week of 2025-09-22 \(4\)/,
    );
    expect(series.caption).toMatch(/^Versions published per week, stacked by who published them/);
  });

  it('an unknown trusted publisher keeps its own label, and a missing publisher is a group of its own (derived)', () => {
    const base = recordOf(nuxt, '4.3.1');
    const forgejo = derivedVersion(base, {
      version: '4.3.2-forgejo',
      publishedAt: '2026-02-08T10:00:00.000Z',
      publisher: { name: 'bot', trustedPublisher: { id: 'forgejo' } },
    });
    const anonymous = derivedVersion(base, {
      version: '4.3.3-anonymous',
      publishedAt: '2026-02-09T10:00:00.000Z',
      publisher: undefined,
    });
    const series = cadenceSeries(withVersions(nuxt, [forgejo, anonymous]).versions);
    expect(series.groups.map((g) => [g.label, g.kind, g.provider, g.versions])).toEqual([
      ['Account tokens', 'account', undefined, 4],
      ['GitHub Actions', 'trusted-publisher', 'github', 10],
      ['forgejo', 'trusted-publisher', 'unknown', 1],
      ['Publisher not recorded', 'unrecorded', undefined, 1],
    ]);
    expect(series.buckets.at(-1)).toMatchObject({ key: '2026-02', counts: [0, 2, 1, 1], total: 4 });
    expect(publisherGroupOf(forgejo).key).toBe('trusted:unknown:forgejo');
    expect(publisherGroupOf(base)).toMatchObject({ key: 'trusted:github:GitHub Actions', label: 'GitHub Actions' });
  });

  it('a history with no dated version has no cadence', () => {
    expect(cadenceSeries([]).summary).toBe('No version has a publish time, so there is no cadence to show.');
  });
});
