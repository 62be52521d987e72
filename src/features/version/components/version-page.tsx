import { memo, useMemo } from 'react';
import type { Finding, VersionView } from '../../../core/model';
import { VersionNotFound } from '../../../components/version-not-found';
import { auditHref } from '../../../lib/hrefs';
import { LoadingBlock } from '../../../components/loading-block';
import { StatusBadge } from '../../../components/status-badge';
import { TrustBadge } from '../../../components/trust-badge';
import { FindingsList } from '../../../components/findings-list';
import { CertificateSection, PredicateTable } from './identity-tables';
import { OriginFacts } from './origin-facts';
import { RawAttestation } from './raw-attestation';
import { VerificationSteps } from './verification-steps';
import { usePackage } from '../../../lib/package-data/use-package';
import { PackageBreadcrumb } from '../../../components/package-breadcrumb';
import { MetaText } from '../../../components/meta-text';
import { PackageLoadError } from '../../../components/package-load-error';
import { cancelPackageLoad } from '../../../lib/registry-client';
import { TrustedRootStatus } from '../../../components/trusted-root-status';

export function VersionPage({ name, version }: { name: string; version: string }) {
  const { base, query, analysis } = usePackage(name);
  // The versions the registry lists (for the findings' links): once per package record,
  // not once per verification batch.
  const record = query.data;
  const listed = useMemo(() => new Set(record?.versions.map((v) => v.version)), [record]);

  if (query.isPending) {
    return <LoadingBlock label={`Loading ${name} from the registry…`} onCancel={() => cancelPackageLoad(base, name)} />;
  }
  if (query.isError) return <PackageLoadError error={query.error} retry={() => void query.refetch()} />;
  // A large package's analysis runs in slices after the packument arrives.
  if (!analysis) return <LoadingBlock label="Analysing…" />;
  const view = analysis.versions.find((v) => v.record.version === version);
  if (!view) {
    return <VersionNotFound pkg={query.data} versions={[version]} />;
  }
  return <VersionDetail name={name} base={base} view={view} allFindings={analysis.findings} listed={listed} />;
}

/**
 * The version's page. Memoized: the package's other versions settling (a new analysis
 * every batch) keep this version's view object, and then nothing here renders again.
 */
const VersionDetail = memo(function VersionDetail({
  name,
  base,
  view,
  allFindings,
  listed,
}: {
  name: string;
  base: string;
  view: VersionView;
  allFindings: Finding[];
  listed: ReadonlySet<string>;
}) {
  const version = view.record.version;
  const findings = view.findingIndexes.map((i) => allFindings[i]).filter((f) => f !== undefined);
  const status = view.verification?.status ?? 'pending';
  return (
    <article
      data-testid="version-detail"
      data-version={version}
      data-trust={view.trust}
      data-trust-claim={view.trustClaim}
      data-verification={status}
    >
      <PackageBreadcrumb name={name} />
      <header className="mt-2 flex flex-wrap items-center gap-3">
        <h1 className="min-w-0 break-all font-mono text-2xl font-semibold">
          <MetaText value={`${name}@${version}`} expandable />
        </h1>
        <TrustBadge level={view.trust} pending={view.trustPending} claim={view.trustClaim} />
        <StatusBadge status={status} />
        <a
          href={auditHref(name, version)}
          data-testid="audit-view-link"
          className="text-sm text-sky-700 hover:underline dark:text-sky-300"
        >
          Audit view
        </a>
      </header>
      <TrustedRootStatus />
      <OriginFacts view={view} />
      <VerificationSteps verification={view.verification} />
      {findings.length > 0 ? (
        <FindingsList
          findings={findings}
          packageName={name}
          listed={listed}
          title="Findings for this version"
          emptyText=""
        />
      ) : null}
      <CertificateSection identity={view.verification?.identity} verified={view.verification?.status === 'verified'} />
      <PredicateTable predicate={view.verification?.predicate} />
      <RawAttestation base={base} record={view.record} />
    </article>
  );
});
