// The analysis is a pure function of (records, verifications so far): it runs again as
// results stream in from the workers, with no hidden state.
import type {
  Finding,
  PackageAnalysis,
  PackageRecord,
  PackageSummary,
  Severity,
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
import { assessTrust, hasVerifiedProvenance, providerOf, releaseLineOf } from './trust-level';

export type VerificationLookup = (version: string) => VersionVerification | undefined;

export function analyzePackage(pkg: PackageRecord, verificationOf: VerificationLookup): PackageAnalysis {
  const versions = pkg.versions.map((record): VersionView => {
    const verification = verificationOf(record.version);
    const { trust, pending } = assessTrust(record, verification);
    const { line, prerelease } = releaseLineOf(record.version);
    const view: VersionView = {
      record,
      trust,
      trustPending: pending,
      releaseLine: line,
      prerelease,
      findingIndexes: [],
    };
    if (verification) view.verification = verification;
    const provider = providerOf(record, verification?.identity);
    if (provider) view.provider = provider;
    return view;
  });

  // `versions` is newest first; the rules read history forwards.
  const history = [...versions].reverse();
  const findings: Finding[] = [
    ...findVerificationProblems(history),
    ...findTrustDowngrades(history),
    ...findPublisherChanges(history),
    ...findSourceChanges(history),
    ...findIdentityMismatches(history),
    ...findSelfHostedRunners(history),
  ].sort(bySeverityThenNewest(versions));

  const byVersion = new Map(versions.map((view) => [view.record.version, view]));
  findings.forEach((finding, index) => {
    for (const version of new Set(finding.versions)) byVersion.get(version)?.findingIndexes.push(index);
  });

  return { versions, findings, summary: summarize(pkg, versions, findings) };
}

const SEVERITY_ORDER: Severity[] = ['high', 'medium', 'low', 'info'];

function bySeverityThenNewest(versions: VersionView[]) {
  const position = new Map(versions.map((view, i) => [view.record.version, i]));
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
    const label = trusted ? `${view.provider?.label ?? publisher.trustedPublisher?.id} (trusted publisher)` : publisher.name;
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
