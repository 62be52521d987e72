// The analysis as it crosses from the registry worker to the main thread: what the
// analysis derived about each version, without the version's record or verification
// (the main thread holds both already), and only what changed since the last answer
// (`diffAnalysis`, in the worker); the main thread applies it to the views it shows
// (`applyAnalysisDelta`), keeping every unchanged view as the same object.
import type {
  Finding,
  PackageAnalysis,
  PackageSummary,
  VersionRecord,
  VersionVerification,
  VersionView,
} from '../model';
import { decodeItemLinesInSteps, encodeJsonLines, inLines, runToEnd } from '../services/json-lines';
import { cadenceSeries, trustSeries, type CadenceSeries, type TrustMark, type TrustSeries } from './chart-series';

/**
 * A view without its record, its verification and its findings' indexes (which shift
 * for most versions whenever a finding is added: they are derived again from the
 * findings where the views are built); `version` says which record it belongs to.
 */
export type VersionFacts = Omit<VersionView, 'record' | 'verification' | 'findingIndexes'> & { version: string };

/** The charts' series, aggregated where the analysis runs. */
export interface ChartSeries {
  trust: TrustSeries;
  cadence: CadenceSeries;
}

export interface AnalysisDelta {
  versionCount: number;
  /** The facts that changed since the last answer (every one the first time), by index. */
  changed: [index: number, facts: VersionFacts][];
  /** Present when the findings changed. */
  findings?: Finding[];
  summary: PackageSummary;
  /** Present when the series changed. */
  charts?: ChartSeries;
}

/** What the worker remembers of its last answer to a session. */
export interface SentAnalysis {
  facts: string[];
  findings: string;
  trust: string;
  cadence?: CadenceSeries;
}

export function factsOf(view: VersionView): VersionFacts {
  const facts: VersionFacts & Partial<Pick<VersionView, 'record' | 'verification' | 'findingIndexes'>> = {
    ...view,
    version: view.record.version,
  };
  delete facts.record;
  delete facts.verification;
  delete facts.findingIndexes;
  return facts;
}

/** Each version's indexes into `findings`, as analyzePackage sets `findingIndexes`. */
function findingIndexesOf(findings: readonly Finding[]): Map<string, number[]> {
  const byVersion = new Map<string, number[]>();
  findings.forEach((finding, index) => {
    for (const version of new Set(finding.versions)) {
      const list = byVersion.get(version);
      if (list) list.push(index);
      else byVersion.set(version, [index]);
    }
  });
  return byVersion;
}

/** The answer to send for `analysis`, and what to remember of it (none before: everything). */
export function diffAnalysis(
  analysis: PackageAnalysis,
  previous: SentAnalysis | undefined,
): { delta: AnalysisDelta; sent: SentAnalysis } {
  const facts = analysis.versions.map(factsOf);
  const texts = facts.map((fact) => JSON.stringify(fact));
  const changed: [number, VersionFacts][] = [];
  texts.forEach((text, index) => {
    if (previous?.facts[index] !== text) changed.push([index, facts[index] as VersionFacts]);
  });
  const findings = JSON.stringify(analysis.findings);
  const cadence = previous?.cadence ?? cadenceSeries(analysis.versions.map((view) => view.record));
  const trustNow = trustSeries(analysis.versions);
  const trust = JSON.stringify(trustNow);
  const delta: AnalysisDelta = { versionCount: facts.length, changed, summary: analysis.summary };
  if (previous?.findings !== findings) delta.findings = analysis.findings;
  if (previous?.trust !== trust) delta.charts = { trust: trustNow, cadence };
  return { delta, sent: { facts: texts, findings, trust, cadence } };
}

/** Changed facts per line of an encoded delta: one line parses in well under a millisecond. */
export const FACTS_PER_LINE = 100;
/** Findings, and the trust chart's marks (one per version), per line. */
const FINDINGS_PER_LINE = 100;
const MARKS_PER_LINE = 250;

/**
 * A delta as it crosses to the main thread: its long lists (the changed facts, the
 * findings, the trust chart's marks, thousands of entries for a large package) as lines
 * of JSON, bytes the worker transfers; the rest as it is. A structured clone of thousands
 * of small objects is decoded in one go when the message is read (a long task on the main
 * thread, at every answer); these lines are parsed a few at a time
 * (`decodeAnalysisDeltaInSteps`).
 */
export interface EncodedAnalysisDelta {
  versionCount: number;
  /** `changed` in lines of `FACTS_PER_LINE` entries; empty when nothing changed. */
  changed: Uint8Array;
  findings?: Uint8Array;
  summary: PackageSummary;
  charts?: { trust: Omit<TrustSeries, 'marks'> & { marks: Uint8Array }; cadence: CadenceSeries };
}

function encodeLines(items: readonly unknown[], perLine: number): Uint8Array {
  return encodeJsonLines(inLines(items, perLine));
}

export function encodeAnalysisDelta(delta: AnalysisDelta): EncodedAnalysisDelta {
  const encoded: EncodedAnalysisDelta = {
    versionCount: delta.versionCount,
    changed: encodeLines(delta.changed, FACTS_PER_LINE),
    summary: delta.summary,
  };
  if (delta.findings) encoded.findings = encodeLines(delta.findings, FINDINGS_PER_LINE);
  if (delta.charts) {
    const { trust, cadence } = delta.charts;
    encoded.charts = { trust: { ...trust, marks: encodeLines(trust.marks, MARKS_PER_LINE) }, cadence };
  }
  return encoded;
}

/** The buffers of an encoded delta, to transfer. */
export function encodedDeltaBuffers(encoded: EncodedAnalysisDelta): ArrayBuffer[] {
  return [encoded.changed, encoded.findings, encoded.charts?.trust.marks]
    .filter((bytes) => bytes !== undefined)
    .map((bytes) => bytes.buffer as ArrayBuffer);
}

/** `encodeAnalysisDelta` undone, a line per step. */
export function* decodeAnalysisDeltaInSteps(encoded: EncodedAnalysisDelta): Generator<void, AnalysisDelta> {
  const delta: AnalysisDelta = {
    versionCount: encoded.versionCount,
    changed: yield* decodeItemLinesInSteps<[number, VersionFacts]>(encoded.changed),
    summary: encoded.summary,
  };
  if (encoded.findings) delta.findings = yield* decodeItemLinesInSteps<Finding>(encoded.findings);
  if (encoded.charts) {
    const { trust, cadence } = encoded.charts;
    delta.charts = { trust: { ...trust, marks: yield* decodeItemLinesInSteps<TrustMark>(trust.marks) }, cadence };
  }
  return delta;
}

/** Steps of the loops below: a few milliseconds of work each at most. */
const VIEWS_PER_STEP = 100;
const CHECKS_PER_STEP = 500;

/**
 * The analysis on the main thread after `delta`: `previous` (the last one shown, undefined
 * at first) with the changed views rebuilt, and the views of the versions in `touched`
 * (their verification arrived) given it. `records` are the analysed ones, in the same
 * order (newest first). Throws when they are not.
 */
export function applyAnalysisDelta(
  previous: PackageAnalysis | undefined,
  delta: AnalysisDelta,
  records: readonly VersionRecord[],
  verificationOf: (version: string) => VersionVerification | undefined,
  touched: Iterable<number>,
): PackageAnalysis {
  return runToEnd(applyAnalysisDeltaInSteps(previous, delta, records, verificationOf, touched));
}

/**
 * `applyAnalysisDelta` a hundred views per step (yield between steps to let the page
 * breathe): the first answer rebuilds every view of a package, thousands of them.
 * `previous` is never changed, so a run left unfinished leaves nothing half done.
 */
export function* applyAnalysisDeltaInSteps(
  previous: PackageAnalysis | undefined,
  delta: AnalysisDelta,
  records: readonly VersionRecord[],
  verificationOf: (version: string) => VersionVerification | undefined,
  touched: Iterable<number>,
): Generator<void, PackageAnalysis> {
  if (delta.versionCount !== records.length) {
    throw new Error(`The analysis covers ${delta.versionCount} versions, the record ${records.length}.`);
  }
  if (!previous && delta.changed.length !== records.length) throw new Error('The first analysis must cover every version.');
  const versions = previous ? [...previous.versions] : new Array<VersionView>(records.length);
  const findings = delta.findings ?? previous?.findings ?? [];
  // Derived again only when the findings changed; else every view keeps its own.
  const indexes = delta.findings || !previous ? findingIndexesOf(findings) : undefined;
  const indexesAt = (index: number, version: string): number[] =>
    indexes ? (indexes.get(version) ?? []) : (versions[index]?.findingIndexes ?? []);
  const viewAt = (index: number, facts: VersionFacts) => {
    const { version, ...derived } = facts;
    const record = records[index] as VersionRecord;
    if (record.version !== version) throw new Error(`The analysis and the record disagree at ${version}.`);
    const view: VersionView = { record, ...derived, findingIndexes: indexesAt(index, version) };
    const verification = verificationOf(version);
    if (verification) view.verification = verification;
    versions[index] = view;
  };
  let count = 0;
  for (const [index, facts] of delta.changed) {
    viewAt(index, facts);
    if (++count % VIEWS_PER_STEP === 0) yield;
  }
  for (const index of touched) {
    const view = versions[index];
    if (view && view.verification !== verificationOf(view.record.version)) viewAt(index, factsOf(view));
    if (++count % VIEWS_PER_STEP === 0) yield;
  }
  if (indexes && previous) {
    for (let index = 0; index < versions.length; index++) {
      const view = versions[index] as VersionView;
      const now = indexes.get(view.record.version) ?? [];
      const before = view.findingIndexes;
      if (now.length !== before.length || now.some((value, i) => value !== before[i])) {
        versions[index] = { ...view, findingIndexes: now };
      }
      if ((index + 1) % CHECKS_PER_STEP === 0) yield;
    }
  }
  const analysis: PackageAnalysis = { versions, findings, summary: delta.summary };
  const charts = delta.charts ?? previous?.charts;
  if (charts) analysis.charts = charts;
  return analysis;
}
