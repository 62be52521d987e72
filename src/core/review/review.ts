// The review: for each name@version of a tree (from a lockfile or a resolved spec),
// what the timeline would say about that version, plus the lockfile's integrity
// against the registry's. Pure, like the analysis: a function of (entries, packages
// fetched so far, verifications so far); the screen runs it again as results arrive.
import { analyzePackage } from '../analysis/analyze-package';
import { releaseLineOf } from '../analysis/trust-level';
import { versionFacts } from '../analysis/version-facts';
import type { VersionLinks } from '../analysis/links';
import type {
  Finding,
  FindingKind,
  PackageAnalysis,
  PackageRecord,
  ProviderInfo,
  Severity,
  StepCode,
  StepName,
  TrustLevel,
  VerificationStatus,
  VersionView,
  VersionVerification,
} from '../model';
import { compareIntegrity, type IntegrityComparison, type IntegrityStatus } from './integrity';
import type { LockEntry, NonRegistryEntry } from './lockfiles/types';

/** Where each package's history stands: fetched, still coming, or failed. */
export type PackageState =
  | { status: 'pending' }
  | { status: 'loaded'; record: PackageRecord }
  | { status: 'error'; code: string; message: string };

export type ReviewVerificationLookup = (name: string, version: string) => VersionVerification | undefined;

export type ReviewFindingKind = FindingKind | 'integrity-mismatch';

export interface ReviewFinding {
  kind: ReviewFindingKind;
  severity: Severity;
  versions: string[];
  message: string;
}

/**
 * The timeline findings a review row carries: the ones about this version's place in
 * its package's history, with the timeline's messages and severities.
 */
export const CONTINUITY_KINDS: ReadonlySet<FindingKind> = new Set<FindingKind>([
  'trust-downgrade',
  'publisher-change',
  'install-scripts-added',
  'source-change',
  'identity-mismatch',
  'verification-failed',
  'verification-unavailable',
]);

export type RowStatus = 'pending' | 'ready' | 'error';

export interface ReviewRow {
  key: string;
  name: string;
  version: string;
  aliases?: string[];
  direct: boolean;
  dev?: boolean;
  optional?: boolean;
  /** "Why is this here": `name@version` from the project down to this entry. */
  path: string[];
  parents: string[];
  /** `pending` while the package's history is being fetched; `error` when it cannot be. */
  status: RowStatus;
  error?: { code: string; message: string };
  trust: TrustLevel;
  /** The level rests on the registry's claim until verification finishes. */
  trustPending: boolean;
  verification: VerificationStatus | 'pending';
  failedStep?: { step: StepName; code: StepCode; message: string };
  publisher?: string;
  provider?: ProviderInfo;
  publishedAt?: string;
  repository?: string;
  commit?: string;
  links: VersionLinks;
  hasInstallScripts: boolean;
  integrity: IntegrityComparison;
  lockfileIntegrity?: string;
  registryIntegrity?: string;
  findings: ReviewFinding[];
  /** Lower is weaker: the summary's "weakest links first" order (see weaknessRank). */
  weakness: number;
}

export interface ReviewSummary {
  /** Registry entries reviewed (rows). */
  total: number;
  /** Rows whose verification is `verified`. */
  verified: number;
  /** Rows whose verification finished (any status but pending). */
  settled: number;
  byTrust: Record<TrustLevel, number>;
  byVerification: Record<VerificationStatus | 'pending', number>;
  integrity: Record<IntegrityStatus, number>;
  findingsBySeverity: Record<Severity, number>;
  /** Rows whose package or version could not be fetched. */
  errors: number;
  nonRegistry: number;
  unresolved: number;
  /** Keys of the weakest rows, weakest first (failed, mismatch, high findings, …). */
  weakest: string[];
}

export interface ReviewInput {
  entries: LockEntry[];
  packages: ReadonlyMap<string, PackageState>;
  verificationOf: ReviewVerificationLookup;
  nonRegistry?: NonRegistryEntry[];
  /** Dependencies that could not be resolved (a spec's tree): counted in the summary. */
  unresolvedCount?: number;
  /** True when the entries came from a lockfile (its integrity is compared). */
  fromLockfile: boolean;
  /** How many weakest rows the summary lists. */
  weakestCount?: number;
  /**
   * Analyses kept between rebuilds: a package's analysis is reused while its `stamp`
   * (anything that changes when one of its verifications arrives) is unchanged, so
   * rebuilding a 3,000-row review as results stream in stays cheap.
   */
  analysisCache?: AnalysisCache;
}

export interface AnalysisCache {
  stampOf(name: string): number;
  entries: Map<string, { record: PackageRecord; stamp: number; analysis: PackageAnalysis }>;
  /** Rows of loaded packages, reused on the same terms (and the same entry object). */
  rows?: Map<string, { entry: LockEntry; record: PackageRecord; stamp: number; row: ReviewRow }>;
}

export interface Review {
  rows: ReviewRow[];
  summary: ReviewSummary;
}

export function buildReview(input: ReviewInput): Review {
  const analyses = new Map<string, PackageAnalysis>();
  const cache = input.analysisCache;
  const analysisOf = (record: PackageRecord): PackageAnalysis => {
    let analysis = analyses.get(record.name);
    if (analysis) return analysis;
    const stamp = cache?.stampOf(record.name) ?? 0;
    const kept = cache?.entries.get(record.name);
    if (kept && kept.record === record && kept.stamp === stamp) {
      analysis = kept.analysis;
    } else {
      analysis = analyzePackage(record, (version) => input.verificationOf(record.name, version));
      cache?.entries.set(record.name, { record, stamp, analysis });
    }
    analyses.set(record.name, analysis);
    return analysis;
  };
  const rows = input.entries.map((entry) => {
    const state = input.packages.get(entry.name);
    if (state?.status !== 'loaded' || !cache?.rows) return reviewRow(entry, state, analysisOf, input.fromLockfile);
    const stamp = cache.stampOf(entry.name);
    const kept = cache.rows.get(entry.key);
    if (kept && kept.entry === entry && kept.record === state.record && kept.stamp === stamp) return kept.row;
    const row = reviewRow(entry, state, analysisOf, input.fromLockfile);
    cache.rows.set(entry.key, { entry, record: state.record, stamp, row });
    return row;
  });
  return { rows, summary: summarizeReview(rows, input) };
}

function reviewRow(
  entry: LockEntry,
  state: PackageState | undefined,
  analysisOf: (record: PackageRecord) => PackageAnalysis,
  fromLockfile: boolean,
): ReviewRow {
  const base = {
    key: entry.key,
    name: entry.name,
    version: entry.version,
    ...(entry.aliases ? { aliases: entry.aliases } : {}),
    direct: entry.direct,
    ...(entry.dev !== undefined ? { dev: entry.dev } : {}),
    ...(entry.optional !== undefined ? { optional: entry.optional } : {}),
    path: entry.path,
    parents: entry.parents,
    ...(entry.integrity ? { lockfileIntegrity: entry.integrity } : {}),
  };
  const lockfileSide = fromLockfile ? { integrity: entry.integrity, resolved: entry.resolved } : undefined;
  if (!state || state.status !== 'loaded') {
    const error = state?.status === 'error' ? { code: state.code, message: state.message } : undefined;
    const row: ReviewRow = {
      ...base,
      status: error ? 'error' : 'pending',
      trust: 'none',
      trustPending: !error,
      // A package the registry cannot give has nothing to verify: settled as unavailable.
      verification: error ? 'unavailable' : 'pending',
      links: {},
      hasInstallScripts: false,
      integrity: error
        ? { status: 'unknown', message: `The registry's record could not be read: ${error.message}` }
        : { status: 'unknown', message: 'Waiting for the registry.' },
      findings: [],
      weakness: 0,
    };
    if (error) row.error = error;
    row.weakness = weaknessRank(row);
    return row;
  }
  const analysis = analysisOf(state.record);
  const view = analysis.versions.find((v) => v.record.version === entry.version);
  if (!view) {
    const row: ReviewRow = {
      ...base,
      status: 'error',
      error: {
        code: 'VERSION_NOT_FOUND',
        message: `The registry lists no version ${entry.version} of ${entry.name}${
          state.record.removedVersions.some((r) => r.version === entry.version) ? ' (it was published, then removed)' : ''
        }.`,
      },
      trust: 'none',
      trustPending: false,
      verification: 'unavailable',
      links: {},
      hasInstallScripts: false,
      integrity: { status: 'unknown', message: 'The registry has no record of this version to compare with.' },
      findings: [],
      weakness: 0,
    };
    row.weakness = weaknessRank(row);
    return row;
  }
  return rowFromView(base, view, analysis.findings, lockfileSide);
}

function rowFromView(
  base: Omit<ReviewRow, 'status' | 'trust' | 'trustPending' | 'verification' | 'links' | 'hasInstallScripts' | 'integrity' | 'findings' | 'weakness'>,
  view: VersionView,
  findings: Finding[],
  lockfileSide: { integrity?: string; resolved?: string } | undefined,
): ReviewRow {
  const { record, verification } = view;
  const facts = versionFacts(view);
  const integrity = compareIntegrity(lockfileSide, record.dist);
  const rowFindings: ReviewFinding[] = [];
  if (integrity.status === 'mismatch') {
    rowFindings.push({ kind: 'integrity-mismatch', severity: 'high', versions: [record.version], message: integrity.message });
  }
  for (const index of view.findingIndexes) {
    const finding = findings[index];
    // Only findings about this version (it is their subject), not those that cite it.
    if (finding && finding.versions[0] === record.version && CONTINUITY_KINDS.has(finding.kind)) rowFindings.push(finding);
  }
  const row: ReviewRow = {
    ...base,
    status: 'ready',
    trust: view.trust,
    trustPending: view.trustPending,
    verification: verification?.status ?? 'pending',
    links: facts.links,
    hasInstallScripts: Object.values(record.installScripts).some((command) => command && command.trim() !== ''),
    integrity,
    findings: rowFindings,
    weakness: 0,
  };
  if (record.dist.integrity) row.registryIntegrity = record.dist.integrity;
  const failed = verification?.steps.find((s) => s.outcome === 'fail');
  if (failed) row.failedStep = { step: failed.step, code: failed.code, message: failed.message };
  if (record.publisher) row.publisher = record.publisher.name;
  if (view.provider) row.provider = view.provider;
  if (record.publishedAt) row.publishedAt = record.publishedAt;
  if (facts.repository) row.repository = facts.repository.value;
  if (facts.commit) row.commit = facts.commit.value;
  row.weakness = weaknessRank(row);
  return row;
}

const TRUST_WEAKNESS: Record<TrustLevel, number> = { none: 7, provenance: 8, 'trusted-publisher': 9, staged: 10 };

/**
 * Weakest first: failed verification, integrity mismatch, a high finding (a downgrade,
 * install scripts in a package that never had any), install scripts without verified
 * provenance, a medium finding, unreadable from the registry, unavailable attestations,
 * then by trust level; pending rows last (nothing is known yet).
 */
export function weaknessRank(row: Pick<ReviewRow, 'verification' | 'integrity' | 'findings' | 'hasInstallScripts' | 'trust' | 'status' | 'trustPending'>): number {
  if (row.verification === 'failed') return 0;
  if (row.integrity.status === 'mismatch') return 1;
  if (row.findings.some((f) => f.severity === 'high')) return 2;
  if (row.hasInstallScripts && row.trust === 'none' && !row.trustPending) return 3;
  if (row.findings.some((f) => f.severity === 'medium')) return 4;
  if (row.status === 'error') return 5;
  if (row.verification === 'unavailable') return 6;
  if (row.status === 'pending' || row.trustPending) return 11;
  return TRUST_WEAKNESS[row.trust];
}

/** How many weakest rows the summary lists unless asked otherwise. */
export const WEAKEST_COUNT = 10;

/**
 * Rows weakest first, then by name and version: a stable order for the table. Names and
 * versions compare by code unit, as the table's name sort does: `localeCompare` loads the
 * locale's collation on its first call (≈50 ms, in the screen's first sort of the rows).
 */
export function byWeakness(a: ReviewRow, b: ReviewRow): number {
  return a.weakness - b.weakness || compareText(a.name, b.name) || compareText(a.version, b.version);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function summarizeReview(rows: ReviewRow[], input: ReviewInput): ReviewSummary {
  const byTrust: Record<TrustLevel, number> = { staged: 0, 'trusted-publisher': 0, provenance: 0, none: 0 };
  const byVerification: Record<VerificationStatus | 'pending', number> = { verified: 0, failed: 0, absent: 0, unavailable: 0, pending: 0 };
  const integrity: Record<IntegrityStatus, number> = { match: 0, mismatch: 0, unknown: 0 };
  const findingsBySeverity: Record<Severity, number> = { high: 0, medium: 0, low: 0, info: 0 };
  let errors = 0;
  for (const row of rows) {
    byTrust[row.trust] += 1;
    byVerification[row.verification] += 1;
    integrity[row.integrity.status] += 1;
    for (const finding of row.findings) findingsBySeverity[finding.severity] += 1;
    if (row.status === 'error') errors += 1;
  }
  const weakest = [...rows]
    .filter((row) => row.weakness <= 6)
    .sort(byWeakness)
    .slice(0, input.weakestCount ?? WEAKEST_COUNT)
    .map((row) => row.key);
  return {
    total: rows.length,
    verified: byVerification.verified,
    settled: rows.length - byVerification.pending,
    byTrust,
    byVerification,
    integrity,
    findingsBySeverity,
    errors,
    nonRegistry: input.nonRegistry?.length ?? 0,
    unresolved: input.unresolvedCount ?? 0,
    weakest,
  };
}

/**
 * The versions of a package whose verification the continuity check needs besides
 * the entry's own: the latest earlier version of the same release line (stable or
 * prerelease alike) that claims provenance. A downgrade is only reported against a
 * version whose provenance verified, so verifying that one is enough to find it.
 */
export function continuityVersions(record: PackageRecord, version: string): string[] {
  const index = record.versions.findIndex((v) => v.version === version);
  if (index < 0) return [];
  const own = releaseLineOf(version);
  // `versions` is newest first: the ones after `index` were published before.
  for (const earlier of record.versions.slice(index + 1)) {
    const line = releaseLineOf(earlier.version);
    if (line.line !== own.line || line.prerelease !== own.prerelease) continue;
    if (earlier.dist.attestations?.provenancePredicateType !== undefined) return [earlier.version];
  }
  return [];
}
