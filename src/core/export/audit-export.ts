// The audit export of a package page: everything the page knows, as one JSON document
// a reviewer can file away or diff later. Pure: the caller supplies the time, the
// trust material and the app version, so the same inputs always give the same file.
import { versionFacts, type Fact } from '../analysis/version-facts';
import type { VersionLinks } from '../analysis/links';
import type {
  Finding,
  PackageAnalysis,
  PackageRecord,
  PackageSummary,
  ProviderInfo,
  StepCode,
  StepName,
  TrustLevel,
  VerificationStatus,
  VersionRecord,
  VersionVerification,
  VersionView,
} from '../model';
import type { RegistryKey } from '../registry/npm-keys';
import { trustedRootDate, type TrustedRootState } from '../trust/trust-state';

/** Which trusted root the verification used, where it came from and its date (src/core/trust). */
export type TrustedRootInUse = Pick<TrustedRootState, 'source' | 'updated' | 'repository'> &
  Partial<Pick<TrustedRootState, 'verifiedAt' | 'reason' | 'reasonCode' | 'tuf' | 'initialRootOrigin'>>;

/** Bumped whenever a field changes meaning or goes away (adding fields does not bump it). */
export const AUDIT_EXPORT_FORMAT_VERSION = 1;

export type ExportStatus = VerificationStatus | 'pending';

export interface AuditExport {
  formatVersion: typeof AUDIT_EXPORT_FORMAT_VERSION;
  generator: { name: 'provenance-explorer'; version: string };
  /** When the export was made (ISO 8601, UTC). */
  checkedAt: string;
  /** The registry the package and its attestations were read from. */
  registry: string;
  /** False while some versions' verification had not finished: they are `pending`. */
  complete: boolean;
  progress: { settled: number; total: number; pending: string[] };
  package: {
    name: string;
    description?: string;
    distTags: Record<string, string>;
    repositoryUrl?: string;
    createdAt?: string;
    modifiedAt?: string;
    removedVersions: PackageRecord['removedVersions'];
  };
  summary: PackageSummary;
  /** Every finding; versions refer to them by index (`findingIndexes`). */
  findings: Finding[];
  /** Newest publish first, as the timeline shows them. */
  versions: AuditExportVersion[];
  trustMaterial: {
    /** The Sigstore trusted root the verification used (JSON form of dev.sigstore.trustroot.v1.TrustedRoot). */
    trustedRoot: unknown;
    /** Where that root came from, e.g. `Sigstore public-good, from @sigstore/tuf 5.0.1`. */
    trustedRootSource: string;
    /** Where the root in use came from (`tuf`, `cached`, `bundled`), its date and, on a fallback, why. */
    trustedRootInUse: TrustedRootInUse;
    /** npm's registry keys the verification used; `unknown` if they were not loaded when exporting. */
    npmKeys: { source: 'registry' | 'bundled' | 'unknown'; problem?: string; keys: RegistryKey[] };
  };
}

export interface AuditExportVersion {
  version: string;
  status: ExportStatus;
  trust: TrustLevel;
  /** The trust level rests on the registry's claim: verification had not finished. */
  trustPending: boolean;
  /** A higher level the registry claims that nothing verified proves (`staged`). */
  trustClaim?: 'staged';
  provider?: ProviderInfo;
  releaseLine: string;
  prerelease: boolean;
  /** What the registry says, as parsed (untrusted metadata). */
  record: VersionRecord;
  /** Every step with its checks and codes, the certificate identity, predicate facts, Rekor refs. */
  verification?: VersionVerification;
  /** The first step that failed, for a quick read. */
  failedStep?: { step: StepName; code: StepCode; message: string };
  /** Origin facts with their source (certificate, predicate or metadata). */
  facts: Partial<Record<'repository' | 'commit' | 'workflow' | 'ref' | 'trigger' | 'runner', Fact>>;
  links: VersionLinks;
  findingIndexes: number[];
}

export interface AuditExportInput {
  pkg: PackageRecord;
  analysis: PackageAnalysis;
  registry: string;
  appVersion: string;
  checkedAt: string;
  trustedRoot: unknown;
  trustedRootSource: string;
  /** Absent: the bundled root (dated from its keys). */
  trustedRootInUse?: TrustedRootInUse;
  npmKeys?: { keys: RegistryKey[]; source: 'registry' | 'bundled'; problem?: string };
}

export function buildAuditExport(input: AuditExportInput): AuditExport {
  const { pkg, analysis } = input;
  const versions = analysis.versions.map(exportVersion);
  const pending = versions.filter((v) => v.status === 'pending').map((v) => v.version);
  const info: AuditExport['package'] = {
    name: pkg.name,
    distTags: pkg.distTags,
    removedVersions: pkg.removedVersions,
  };
  if (pkg.description !== undefined) info.description = pkg.description;
  if (pkg.repositoryUrl !== undefined) info.repositoryUrl = pkg.repositoryUrl;
  if (pkg.createdAt !== undefined) info.createdAt = pkg.createdAt;
  if (pkg.modifiedAt !== undefined) info.modifiedAt = pkg.modifiedAt;
  const npmKeys: AuditExport['trustMaterial']['npmKeys'] = input.npmKeys
    ? {
        source: input.npmKeys.source,
        keys: input.npmKeys.keys,
        ...(input.npmKeys.problem ? { problem: input.npmKeys.problem } : {}),
      }
    : { source: 'unknown', keys: [] };
  return {
    formatVersion: AUDIT_EXPORT_FORMAT_VERSION,
    generator: { name: 'provenance-explorer', version: input.appVersion },
    checkedAt: input.checkedAt,
    registry: input.registry,
    complete: pending.length === 0,
    progress: { settled: versions.length - pending.length, total: versions.length, pending },
    package: info,
    summary: analysis.summary,
    findings: analysis.findings,
    versions,
    trustMaterial: {
      trustedRoot: input.trustedRoot,
      trustedRootSource: input.trustedRootSource,
      trustedRootInUse: input.trustedRootInUse ?? {
        source: 'bundled',
        updated: trustedRootDate(input.trustedRoot),
        repository: '',
      },
      npmKeys,
    },
  };
}

function exportVersion(view: VersionView): AuditExportVersion {
  const { links, ...facts } = versionFacts(view);
  const out: AuditExportVersion = {
    version: view.record.version,
    status: view.verification?.status ?? 'pending',
    trust: view.trust,
    trustPending: view.trustPending,
    ...(view.trustClaim ? { trustClaim: view.trustClaim } : {}),
    releaseLine: view.releaseLine,
    prerelease: view.prerelease,
    record: view.record,
    facts,
    links,
    findingIndexes: view.findingIndexes,
  };
  if (view.provider) out.provider = view.provider;
  if (view.verification) {
    out.verification = view.verification;
    const failed = view.verification.steps.find((s) => s.outcome === 'fail');
    if (failed) out.failedStep = { step: failed.step, code: failed.code, message: failed.message };
  }
  return out;
}

/** `@scope/name` → `scope__name`: a file name without a directory separator. */
export function exportFileBase(name: string, checkedAt: string): string {
  const safeName = name
    .replace(/^@/, '')
    .replace(/\//g, '__')
    .replace(/[^A-Za-z0-9._-]/g, '_');
  return `${safeName}-audit-${checkedAt.slice(0, 19).replace(/[:T]/g, '-')}`;
}
