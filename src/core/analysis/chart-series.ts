// The series behind the package page's charts, and the sentences that say what they
// show. Pure, so that the chart components only draw: the bucketing rule, the counts
// and the summary are decided (and unit-tested) here. The calendar periods and the time
// axis are in chart-periods.ts (re-exported here).
import type { Provider, TrustLevel, VerificationStatus, VersionRecord, VersionView } from '../model';
import {
  bucketStart,
  bucketUnitFor,
  emptyBuckets,
  periodLabel,
  timeAxis,
  timeOf,
  type BucketUnit,
  type TimeAxis,
} from './chart-periods';
import { day } from './findings-text';
import { providerOf, TRUST_RANK } from './trust-level';
import { formatCount } from '../text/count';

export {
  bucketStart,
  bucketUnitFor,
  MAX_TICKS,
  periodKey,
  periodLabel,
  timeAxis,
  WEEKLY_UP_TO_DAYS,
  YEARLY_ABOVE_YEARS,
  type AxisTick,
  type BucketUnit,
  type TimeAxis,
} from './chart-periods';

/** A version's verification as a chart shows it: `pending` until the result is in. */
export type ChartStatus = VerificationStatus | 'pending';

/**
 * Above this many dated versions the trust chart counts versions per period instead of
 * drawing one mark each: thousands of marks are illegible and slow to draw.
 */
export const AGGREGATE_ABOVE = 400;

/** Weakest first: the order of the y axis and of the stacks. */
export const TRUST_LEVELS_ASCENDING: TrustLevel[] = ['none', 'provenance', 'trusted-publisher', 'staged'];

const TRUST_PHRASE: Record<TrustLevel, string> = {
  none: 'no provenance',
  provenance: 'provenance',
  'trusted-publisher': 'trusted publishing',
  staged: 'staged publishing',
};


// ---------------------------------------------------------------------------
// Trust level over time

/** One version on the trust chart. */
export interface TrustMark {
  version: string;
  publishedAt: string;
  /** Publish time, ms since the epoch (the x axis). */
  time: number;
  /** The UTC date of {@link time}, `YYYY-MM-DD`, for labels. */
  day: string;
  trust: TrustLevel;
  /** {@link TRUST_RANK} of `trust` (the y axis). */
  rank: number;
  status: ChartStatus;
  /** The level is what the registry claims; verification has not finished. */
  claimed: boolean;
}

/** The versions of one period, counted per trust level. */
export interface TrustBucket {
  key: string;
  /** Start of the period, ms since the epoch. */
  start: number;
  counts: Record<TrustLevel, number>;
  /** Of `total`: verification failed (counted in `none`). */
  failed: number;
  /** Of `total`: attestations claimed but not fetchable (counted in `none`). */
  unavailable: number;
  /** Of `total`: still verifying (counted at the level the registry claims). */
  pending: number;
  total: number;
}

export interface TrustSeries {
  /** True when the chart shows {@link buckets} rather than one mark per version. */
  aggregated: boolean;
  /** The period of {@link buckets}; undefined when not aggregated. */
  unit?: BucketUnit;
  /** Every dated version, oldest first. */
  marks: TrustMark[];
  /** Every period from the first to the last version, empty ones too (the axis is time). */
  buckets: TrustBucket[];
  /** Versions that raised the highest level reached so far, oldest first: the moments to mark. */
  rises: TrustMark[];
  /** The time axis of the marks (when not aggregated). */
  axis: TimeAxis;
  /** Versions the registry gives no (valid) publish time: they cannot be placed. */
  undated: string[];
  /** Dated versions whose verification has not finished. */
  pending: number;
  summary: string;
  caption: string;
}

export function trustSeries(versions: readonly VersionView[]): TrustSeries {
  const undated: string[] = [];
  const marks: TrustMark[] = [];
  for (const view of versions) {
    const time = timeOf(view.record.publishedAt);
    if (time === undefined || view.record.publishedAt === undefined) {
      undated.push(view.record.version);
      continue;
    }
    marks.push({
      version: view.record.version,
      publishedAt: view.record.publishedAt,
      time,
      day: day(time),
      trust: view.trust,
      rank: TRUST_RANK[view.trust],
      status: view.verification?.status ?? 'pending',
      claimed: view.trustPending,
    });
  }
  // `versions` is newest first: reversed, then a stable sort, ties stay oldest first.
  marks.reverse().sort((a, b) => a.time - b.time);

  const aggregated = marks.length > AGGREGATE_ABOVE;
  const unit = aggregated ? bucketUnitFor(marks.map((m) => m.time)) : undefined;
  const buckets = unit ? trustBuckets(marks, unit) : [];
  const rises = risesOf(marks);
  const series: TrustSeries = {
    aggregated,
    marks,
    buckets,
    rises,
    axis: timeAxis(marks.map((m) => m.time)),
    undated,
    pending: marks.filter((m) => m.status === 'pending').length,
    summary: trustSummary(marks, rises),
    caption: trustCaption(marks.length, unit, buckets.length, undated.length),
  };
  if (unit) series.unit = unit;
  return series;
}

function trustBuckets(marks: TrustMark[], unit: BucketUnit): TrustBucket[] {
  const buckets = emptyBuckets(
    marks.map((m) => m.time),
    unit,
    (key, start) => ({
      key,
      start,
      counts: { none: 0, provenance: 0, 'trusted-publisher': 0, staged: 0 },
      failed: 0,
      unavailable: 0,
      pending: 0,
      total: 0,
    }),
  );
  for (const mark of marks) {
    const bucket = buckets.get(bucketStart(mark.time, unit));
    if (!bucket) continue;
    bucket.counts[mark.trust] += 1;
    bucket.total += 1;
    if (mark.status === 'failed') bucket.failed += 1;
    if (mark.status === 'unavailable') bucket.unavailable += 1;
    if (mark.status === 'pending') bucket.pending += 1;
  }
  return [...buckets.values()];
}

function risesOf(marks: TrustMark[]): TrustMark[] {
  const rises: TrustMark[] = [];
  let best = marks[0]?.rank ?? 0;
  for (const mark of marks) {
    if (mark.rank > best) {
      rises.push(mark);
      best = mark.rank;
    }
  }
  return rises;
}

/**
 * One sentence: when the package moved to stronger evidence, and whether any version
 * published since has less. "Since" is since the highest level was first reached.
 */
export function trustSummary(marks: readonly TrustMark[], rises: readonly TrustMark[]): string {
  const first = marks[0];
  if (!first) return 'No version has a publish time, so there is nothing to place on a timeline.';
  const pending = marks.filter((m) => m.status === 'pending').length;
  const pendingNote = pending
    ? ` Verification is still running for ${plural(pending, 'version')}: the level the registry claims is shown for them.`
    : '';

  const peak = rises.at(-1) ?? first;
  if (peak.rank === 0) {
    const failed = marks.filter((m) => m.status === 'failed').length;
    const unavailable = marks.filter((m) => m.status === 'unavailable').length;
    const problems = [
      failed ? `${formatCount(failed)} failed verification` : '',
      unavailable ? `${formatCount(unavailable)} with attestations unavailable` : '',
    ].filter(Boolean);
    const subject = marks.length === 1 ? 'The only version' : `None of the ${formatCount(marks.length)} versions`;
    const verb = marks.length === 1 ? 'has no' : 'has';
    return `${subject} ${verb} verified provenance${problems.length ? ` (${problems.join(', ')})` : ''}.${pendingNote}`;
  }

  const moved = rises.length
    ? `Versions moved from ${TRUST_PHRASE[first.trust]} to ` +
      rises
        .map((r, i) => `${i > 0 ? 'then to ' : ''}${TRUST_PHRASE[r.trust]} on ${day(r.time)} (${r.version})`)
        .join(', ')
    : `The first version, ${first.version} (${day(first.time)}), already had ${TRUST_PHRASE[first.trust]}`;

  const peakIndex = marks.indexOf(peak);
  const drops = marks.slice(peakIndex + 1).filter((m) => m.rank < peak.rank);
  const latestDrop = drops.at(-1);
  const since = latestDrop
    ? `; ${plural(drops.length, 'version')} since ${drops.length === 1 ? 'has' : 'have'} dropped back, the latest ` +
      `${latestDrop.version} on ${day(latestDrop.time)} (${TRUST_PHRASE[latestDrop.trust]}${statusNote(latestDrop.status)})`
    : marks.length > peakIndex + 1
      ? '; no version since has dropped back'
      : '';
  return `${moved}${since}.${pendingNote}`;
}

function statusNote(status: ChartStatus): string {
  if (status === 'failed') return ', verification failed';
  if (status === 'unavailable') return ', attestations unavailable';
  return '';
}

function trustCaption(marks: number, unit: BucketUnit | undefined, buckets: number, undated: number): string {
  const main = unit
    ? `${formatCount(marks)} versions are too many to draw one by one (more than ${AGGREGATE_ABOVE}): ` +
      `they are counted per ${unit} and trust level, stacked (${plural(buckets, unit)}). ` +
      'Failed, unavailable and pending verifications are counted in the table.'
    : 'Each mark is one version: its publish date across, its trust level up. ' +
      'The shape says how verification ended: filled circle verified, square no attestation, ' +
      'cross failed, hollow triangle unavailable, dashed ring still verifying.';
  return undated
    ? `${main} ${plural(undated, 'version')} without a publish time ${undated === 1 ? 'is' : 'are'} not shown.`
    : main;
}

// ---------------------------------------------------------------------------
// Publish cadence and publisher mix

export type PublisherKind = 'account' | 'trusted-publisher' | 'unrecorded';

/** Who published, as the cadence chart groups it: accounts vs each trusted publisher's CI. */
export interface PublisherGroup {
  /** Stable within one series; not shown. */
  key: string;
  label: string;
  kind: PublisherKind;
  provider?: Provider;
  versions: number;
}

export interface CadenceBucket {
  key: string;
  start: number;
  /** Versions per group, in the order of {@link CadenceSeries.groups}. */
  counts: number[];
  total: number;
}

export interface CadenceSeries {
  unit: BucketUnit;
  groups: PublisherGroup[];
  buckets: CadenceBucket[];
  undated: string[];
  summary: string;
  caption: string;
}

const ACCOUNT_GROUP = 'account';
const UNRECORDED_GROUP = 'unrecorded';

/**
 * Versions per period by publisher. It reads only what the registry says (who published
 * and when), nothing verified: it does not change while verification runs, so the
 * chart can keep it as long as the records are the same.
 */
export function cadenceSeries(records: readonly VersionRecord[]): CadenceSeries {
  const undated: string[] = [];
  const dated: Dated[] = [];
  const groups = new Map<string, PublisherGroup>();
  for (const record of records) {
    const time = timeOf(record.publishedAt);
    if (time === undefined) {
      undated.push(record.version);
      continue;
    }
    const group = publisherGroupOf(record);
    const entry = groups.get(group.key) ?? group;
    entry.versions += 1;
    groups.set(group.key, entry);
    dated.push({ record, time, group: group.key });
  }
  // Accounts first, then each trusted publisher by how much it published, unrecorded last.
  const order: Record<PublisherKind, number> = { account: 0, 'trusted-publisher': 1, unrecorded: 2 };
  const sortedGroups = [...groups.values()].sort(
    (a, b) => order[a.kind] - order[b.kind] || b.versions - a.versions || a.label.localeCompare(b.label),
  );
  const index = new Map(sortedGroups.map((g, i) => [g.key, i]));

  const times = dated.map((d) => d.time);
  const unit = bucketUnitFor(times);
  const buckets = emptyBuckets(times, unit, (key, start) => ({
    key,
    start,
    counts: sortedGroups.map(() => 0),
    total: 0,
  }));
  for (const { time, group } of dated) {
    const bucket = buckets.get(bucketStart(time, unit));
    const at = index.get(group);
    if (!bucket || at === undefined) continue;
    bucket.counts[at] = (bucket.counts[at] ?? 0) + 1;
    bucket.total += 1;
  }
  const list = [...buckets.values()];
  return {
    unit,
    groups: sortedGroups,
    buckets: list,
    undated,
    summary: cadenceSummary(sortedGroups, list, unit, dated),
    caption:
      `Versions published per ${unit}, stacked by who published them: an account's token ` +
      "(a person's or a bot's) or a trusted publisher on a CI provider." +
      (undated.length
        ? ` ${plural(undated.length, 'version')} without a publish time ${undated.length === 1 ? 'is' : 'are'} not counted.`
        : ''),
  };
}

interface Dated {
  record: VersionRecord;
  time: number;
  group: string;
}

/** The group a version's publisher belongs to (see {@link PublisherGroup}). */
export function publisherGroupOf(record: VersionRecord): PublisherGroup {
  const publisher = record.publisher;
  if (!publisher) return { key: UNRECORDED_GROUP, label: 'Publisher not recorded', kind: 'unrecorded', versions: 0 };
  const trusted = publisher.trustedPublisher;
  if (!trusted) return { key: ACCOUNT_GROUP, label: 'Account tokens', kind: 'account', versions: 0 };
  // The trusted publisher's id names the provider; an unknown id keeps its raw label, so
  // two unknown ids stay apart.
  const info = providerOf(record, undefined);
  const provider = info?.provider ?? 'unknown';
  const label = info?.label ?? trusted.id;
  return { key: `trusted:${provider}:${label}`, label, kind: 'trusted-publisher', provider, versions: 0 };
}

function cadenceSummary(groups: PublisherGroup[], buckets: CadenceBucket[], unit: BucketUnit, dated: Dated[]): string {
  if (dated.length === 0) return 'No version has a publish time, so there is no cadence to show.';
  const busiest = buckets.reduce((best, b) => (b.total > best.total ? b : best));
  const first = dated.reduce((a, b) => (b.time < a.time ? b : a));
  const last = dated.reduce((a, b) => (b.time > a.time ? b : a));
  const span =
    dated.length === 1
      ? `${plural(1, 'version')}, published ${day(first.time)}`
      : `${plural(dated.length, 'version')} over ${plural(buckets.length, unit)} ` +
        `(${day(first.time)} to ${day(last.time)}), ` +
        `most in ${periodLabel(busiest.key, unit)} (${formatCount(busiest.total)})`;
  const mix = groups.map((g) => `${formatCount(g.versions)} ${groupPhrase(g)}`);
  const trusted = dated
    .filter((d) => d.record.publisher?.trustedPublisher)
    .reduce<(typeof dated)[number] | undefined>((a, b) => (!a || b.time < a.time ? b : a), undefined);
  const since = trusted ? `; trusted publishing first on ${day(trusted.time)} (${trusted.record.version})` : '';
  return `${span}; published ${joinList(mix)}${since}.`;
}

function groupPhrase(group: PublisherGroup): string {
  if (group.kind === 'account') return "with an account's token";
  if (group.kind === 'unrecorded') return 'with no publisher recorded';
  return `by ${group.label} (trusted publisher)`;
}

// ---------------------------------------------------------------------------

function plural(n: number, word: string): string {
  return `${formatCount(n)} ${word}${n === 1 ? '' : 's'}`;
}

function joinList(parts: string[]): string {
  if (parts.length <= 1) return parts[0] ?? '';
  return `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}
