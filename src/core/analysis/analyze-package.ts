// The analysis is a pure function of (records, verifications so far): it runs again as
// results stream in from the workers, with no hidden state.
import type {
  Finding,
  PackageAnalysis,
  PackageRecord,
  PackageSummary,
  Severity,
  VersionRecord,
  VersionVerification,
  VersionView,
} from '../model';
import {
  findIdentityMismatches,
  findPublisherChanges,
  findSelfHostedRunners,
  findSourceChanges,
  findTrustDowngrades,
  findVerificationProblems,
} from './findings';
import { runToEnd } from '../services/json-lines';
import { findPublishBursts } from './findings-burst';
import { findContentMismatches } from './findings-content';
import { findInstallScriptChanges } from './findings-install-scripts';
import { findLogTimeGaps } from './findings-log-time';
import { findRemovedVersions } from './findings-removed';
import { findUnusualTriggers } from './findings-trigger';
import { assessTrust, hasVerifiedProvenance, providerOf, releaseLineOf } from './trust-level';

export type VerificationLookup = (version: string) => VersionVerification | undefined;

type Rule = (history: VersionView[], pkg: PackageRecord) => Finding[];

/** The rules, each reading the history forwards (oldest first). */
const RULES: Rule[] = [
  findVerificationProblems,
  findTrustDowngrades,
  findPublisherChanges,
  findSourceChanges,
  findIdentityMismatches,
  findSelfHostedRunners,
  findInstallScriptChanges,
  (history, pkg) => findRemovedVersions(history, pkg.removedVersions),
  findPublishBursts,
  findUnusualTriggers,
  findLogTimeGaps,
  findContentMismatches,
];

/** Views built between two pauses of the stepwise analysis. */
const VIEWS_PER_STEP = 250;

export function analyzePackage(pkg: PackageRecord, verificationOf: VerificationLookup): PackageAnalysis {
  return runToEnd(analyzePackageInSteps(pkg, verificationOf));
}

/**
 * The same analysis, pausing (`yield`) between its parts: the screen runs it a few
 * milliseconds at a time, so that a package of thousands of versions never blocks the
 * page for long. Same input, same result as analyzePackage.
 */
export function* analyzePackageInSteps(
  pkg: PackageRecord,
  verificationOf: VerificationLookup,
): Generator<void, PackageAnalysis, void> {
  const versions: VersionView[] = [];
  for (const record of pkg.versions) {
    versions.push(viewOf(record, verificationOf(record.version)));
    if (versions.length % VIEWS_PER_STEP === 0) yield;
  }

  // `versions` is newest first; the rules read history forwards.
  const history = [...versions].reverse();
  const findings: Finding[] = [];
  for (const rule of RULES) {
    yield;
    findings.push(...rule(history, pkg));
  }
  yield;
  findings.sort(bySeverityThenNewest(versions, pkg.removedVersions));

  const byVersion = new Map(versions.map((view) => [view.record.version, view]));
  findings.forEach((finding, index) => {
    for (const version of new Set(finding.versions)) byVersion.get(version)?.findingIndexes.push(index);
  });

  return { versions, findings, summary: summarize(pkg, versions, findings) };
}

/** How many versions a preview shows (its first rows): more than a screenful. */
export const PREVIEW_VERSIONS = 50;

/**
 * Views of some versions on their own, before any verification and without the history
 * (so without findings): the first rows shown while a large package is still analysed.
 * Each is what the full analysis makes of the version before its verification is in.
 */
export function previewViews(records: readonly VersionRecord[]): VersionView[] {
  return records.map((record) => viewOf(record, undefined));
}

/**
 * A package's first rows while its history is analysed: the views of its newest versions
 * (`PREVIEW_VERSIONS`; the record lists them newest first), and how many it has in all.
 * None for a package without versions (its page says so once analysed, not as rows).
 */
export function recordPreview(record: PackageRecord): { views: VersionView[]; versionCount: number } | undefined {
  if (record.versions.length === 0) return undefined;
  return { views: previewViews(record.versions.slice(0, PREVIEW_VERSIONS)), versionCount: record.versions.length };
}

function viewOf(record: VersionRecord, verification: VersionVerification | undefined): VersionView {
  const { trust, pending, claim } = assessTrust(record, verification);
  const { line, prerelease } = releaseLineOf(record.version);
  const view: VersionView = {
    record,
    trust,
    trustPending: pending,
    releaseLine: line,
    prerelease,
    findingIndexes: [],
  };
  if (claim) view.trustClaim = claim;
  if (verification) view.verification = verification;
  const provider = providerOf(record, verification?.identity);
  // Without a trusted-publisher id the provider comes from the certificate's issuer: it
  // proves nothing unless that certificate verified.
  const fromCertificate = !record.publisher?.trustedPublisher?.id;
  if (provider) {
    view.provider =
      fromCertificate && !hasVerifiedProvenance(verification) ? { ...provider, unproven: true } : provider;
  }
  return view;
}

const SEVERITY_ORDER: Severity[] = ['high', 'medium', 'low', 'info'];

function bySeverityThenNewest(versions: VersionView[], removed: PackageRecord['removedVersions']) {
  const position = new Map(versions.map((view, i) => [view.record.version, i]));
  // A removed version is not among the views: it sorts where its publish time puts it,
  // just before (newer than) the first view published before it.
  if (removed.length) {
    const times = versions.map((view) => view.record.publishedAt ?? '');
    for (const { version, publishedAt } of removed) {
      if (position.has(version)) continue;
      let lo = 0;
      let hi = times.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((times[mid] as string) > publishedAt) lo = mid + 1;
        else hi = mid;
      }
      position.set(version, lo - 0.5);
    }
  }
  return (a: Finding, b: Finding) =>
    SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) ||
    (position.get(a.versions[0] ?? '') ?? 0) - (position.get(b.versions[0] ?? '') ?? 0);
}

function summarize(pkg: PackageRecord, versions: VersionView[], findings: Finding[]): PackageSummary {
  const latestVersion = pkg.distTags.latest ?? versions[0]?.record.version;
  const latest = versions.find((view) => view.record.version === latestVersion);
  const verifiedCount = versions.filter((view) => hasVerifiedProvenance(view.verification)).length;
  const settledCount = versions.filter((view) => view.verification !== undefined).length;

  const publishers = new Map<string, PackageSummary['publishers'][number]>();
  for (const view of versions) {
    const publisher = view.record.publisher;
    if (!publisher) continue;
    const trusted = publisher.trustedPublisher !== undefined;
    const label = trusted
      ? `${view.provider?.label ?? publisher.trustedPublisher?.id} (trusted publisher)`
      : publisher.name;
    const entry = publishers.get(label) ?? { label, kind: trusted ? 'trusted-publisher' : 'person', versions: 0 };
    entry.versions += 1;
    publishers.set(label, entry);
  }

  const findingsBySeverity: Record<Severity, number> = { high: 0, medium: 0, low: 0, info: 0 };
  for (const finding of findings) findingsBySeverity[finding.severity] += 1;

  return {
    latestVersion,
    latestTrust: latest?.trust,
    versionCount: versions.length,
    verifiedCount,
    settledCount,
    verifiedShare: versions.length ? verifiedCount / versions.length : 0,
    publishers: [...publishers.values()].sort((a, b) => b.versions - a.versions),
    findingsBySeverity,
  };
}
