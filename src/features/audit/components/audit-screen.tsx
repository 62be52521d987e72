import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { VersionNotFound } from '../../../components/version-not-found';
import { analyzePackage } from '../../../core/analysis/analyze-package';
import { loggedAt } from '../../../core/analysis/findings-text';
import { safeHttpUrl } from '../../../core/analysis/links';
import { versionFacts } from '../../../core/analysis/version-facts';
import type { CheckResult, StepResult, VersionRecord, VersionVerification } from '../../../core/model';
import { RegistryError } from '../../../core/net/http-errors';
import { attestationsUrl as registryAttestationsUrl } from '../../../core/registry/npm-registry';
import { npmPurl, sha512Hex } from '../../../core/verify/subject-binding';
import { CertificateTable } from '../../../components/certificate-table';
import { Detail } from '../../../components/detail';
import { LoadingBlock } from '../../../components/loading-block';
import { PackageBreadcrumb } from '../../../components/package-breadcrumb';
import { PackageLoadError } from '../../../components/package-load-error';
import { formatAbsolute } from '../../../components/relative-time';
import { StatusBadge } from '../../../components/status-badge';
import { TrustBadge } from '../../../components/trust-badge';
import { verificationQueryOptions } from '../../../lib/package-data/package-queries';
import { cancelPackageLoad } from '../../../lib/registry-client';
import { usePackageRecord } from '../../../lib/package-data/use-package';
import { ChainLink } from './chain-link';

/**
 * Printing: only the audit itself, black on white, every link followed by its address
 * (paper has no hover). The app's header, the registry banner and all buttons go. The
 * sheet is mounted with this page only, so it never affects another screen.
 */
const PRINT_CSS = `
@media print {
  body header, nav, button, [data-testid="registry-banner"], .audit-no-print { display: none !important; }
  html, body, main, [data-testid="audit-view"] { background: #fff !important; color: #000 !important; }
  [data-testid="audit-view"] * { color: #000 !important; background: transparent !important; border-color: #000 !important; box-shadow: none !important; }
  [data-testid="audit-view"] a[href] { text-decoration: underline; }
  [data-testid="audit-view"] a[href]::after { content: " (" attr(href) ")"; word-break: break-all; font-weight: normal; }
  [data-testid="audit-view"] li { break-inside: avoid; }
}
`;

/** A print-friendly record of one version's chain of custody, from tarball to commit. */
export default function AuditScreen({ name, version }: { name: string; version: string }) {
  // The package record only: printing one version must not verify a whole history.
  const { base, query } = usePackageRecord(name);
  if (query.isPending) {
    return <LoadingBlock label={`Loading ${name} from the registry…`} onCancel={() => cancelPackageLoad(base, name)} />;
  }
  if (query.isError) return <PackageLoadError error={query.error} retry={() => void query.refetch()} />;
  const record = query.data.versions.find((v) => v.version === version);
  if (!record) {
    return <VersionNotFound pkg={query.data} versions={[version]} Heading="h1" />;
  }
  return <AuditView base={base} record={record} />;
}

function AuditView({ base, record }: { base: string; record: VersionRecord }) {
  // Only this version is verified (the shared cache answers at once if the timeline
  // already did it): printing one version must not verify a whole history.
  const verification = useQuery({
    ...verificationQueryOptions(base, record),
    // Arriving from the version page, its cancelled job can reject ours as ABORTED:
    // nobody cancelled this screen's check, so it is asked for again.
    retry: (failures, error) => failures < 2 && error instanceof RegistryError && error.code === 'ABORTED',
  });
  const result = verification.data;
  // The analysis of this one version: its trust level and provider, as the timeline has them.
  // Once per record and result, not per render (the screen renders again as queries settle).
  const view = useMemo(
    () =>
      analyzePackage({ name: record.name, distTags: {}, versions: [record], removedVersions: [] }, () => result)
        .versions[0],
    [record, result],
  );
  if (!view) return null;
  const facts = versionFacts(view);
  const { links } = facts;
  const status = result?.status ?? 'pending';
  const checkedAt =
    result && verification.dataUpdatedAt ? new Date(verification.dataUpdatedAt).toISOString() : undefined;
  const step = (name: StepResult['step']) => result?.steps.find((s) => s.step === name);
  const provenance = step('provenance-bundle');
  const check = (name: CheckResult['name']) => provenance?.checks?.find((c) => c.name === name);
  const identity = result?.identity;
  const integrityHex = sha512Hex(record.dist.integrity);
  // The URL the verifier actually fetched (mapped onto the browsed registry), never the
  // packument's own `dist.attestations.url`, which may name another host or `%2e%2e` segments.
  const attestationsUrl = record.dist.attestations ? safeHttpUrl(registryAttestationsUrl(base, record)) : undefined;
  const hasAttestations = record.dist.attestations !== undefined;
  const logged = loggedAt(result?.provenanceLog?.integratedTime);

  return (
    <article
      data-testid="audit-view"
      data-version={record.version}
      data-verification={status}
      className="mt-4 max-w-4xl"
    >
      <style>{PRINT_CSS}</style>
      <PackageBreadcrumb name={record.name} version={record.version} />
      <div className="mt-2 flex flex-wrap items-center gap-3">
        <h1 className="break-all font-mono text-2xl font-semibold">
          Audit: {record.name}@{record.version}
        </h1>
        <TrustBadge level={view.trust} pending={view.trustPending} claim={view.trustClaim} />
        <StatusBadge status={status} />
        <button
          type="button"
          onClick={() => window.print()}
          className="ml-auto rounded border border-zinc-300 px-3 py-1 text-sm hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
        >
          Print
        </button>
      </div>
      <dl className="mt-3 grid grid-cols-[minmax(9rem,auto)_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="text-zinc-600 dark:text-zinc-400">Checked</dt>
        <dd data-testid="audit-checked-at">
          {checkedAt ? (
            <time dateTime={checkedAt}>{formatAbsolute(checkedAt)}</time>
          ) : verification.isError ? (
            'verification could not run'
          ) : (
            'verifying now…'
          )}
          , in this browser, against the Sigstore public-good trusted root and npm&apos;s keys
        </dd>
        <dt className="text-zinc-600 dark:text-zinc-400">Registry</dt>
        <dd className="break-all font-mono text-xs">{base}</dd>
        <dt className="text-zinc-600 dark:text-zinc-400">Published</dt>
        <dd>
          {record.publishedAt ? formatAbsolute(record.publishedAt) : 'unknown'}
          {record.publisher ? ` by ${record.publisher.name}` : ''}
        </dd>
      </dl>

      {verification.isError ? (
        <p
          role="alert"
          data-testid="error"
          data-error-code="VERIFICATION_ERROR"
          className="mt-4 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-950 dark:border-red-800 dark:bg-red-950/40 dark:text-red-100"
        >
          The verification could not run: {verification.error.message}
        </p>
      ) : null}

      <h2 className="mt-6 text-lg font-semibold">Chain of custody</h2>
      <p className="text-xs text-zinc-600 dark:text-zinc-400">
        Each link names the next: the tarball&apos;s digest is the attestation&apos;s subject, the attestation is signed
        with the certificate, the certificate is logged in Rekor and names the build run and the commit.
      </p>
      <ol className="mt-3 space-y-3">
        <ChainLink
          n={1}
          title="Tarball"
          kind="tarball"
          href={links.tarball}
          linkText={tarballName(record)}
          results={[step('registry-signature')]}
          pending={!result}
        >
          <Detail term="Integrity">{record.dist.integrity ?? 'not given'}</Detail>
          {integrityHex ? <Detail term="sha512 (hex)">{integrityHex}</Detail> : null}
        </ChainLink>

        {hasAttestations ? (
          <>
            <ChainLink
              n={2}
              title="Attestations"
              kind="attestation"
              href={attestationsUrl}
              linkText={`attestations of ${record.name}@${record.version} on the registry`}
              results={[step('subject-binding'), provenance, step('publish-attestation')]}
              pending={!result}
            >
              <Detail term="Subject">{npmPurl(record.name, record.version)}</Detail>
              <Detail term="Subject digest">
                {step('subject-binding')?.outcome === 'pass' && integrityHex
                  ? `sha512:${integrityHex} (equals the tarball's integrity)`
                  : 'not bound (see the result)'}
              </Detail>
              {result?.bundleMediaTypes?.length ? (
                <Detail term="Bundles">{result.bundleMediaTypes.join(', ')}</Detail>
              ) : null}
              {result?.publishLog ? (
                <Detail term="Publish attestation log index">{result.publishLog.logIndex}</Detail>
              ) : null}
            </ChainLink>

            <ChainLink
              n={3}
              title="Signing certificate"
              kind="certificate"
              href={identity ? links.workflow : undefined}
              linkText={facts.workflow?.value ?? 'workflow file'}
              linkLabel="Build config named by the certificate, at the signed commit"
              checks={[check('signing-key'), check('signature')]}
              pending={!result}
              table={identity ? <CertificateTable identity={identity} fieldHookOn="value" /> : undefined}
            >
              {identity ? null : (
                <p className="text-sm text-zinc-600 dark:text-zinc-400">
                  {result ? 'No certificate was read.' : 'Verifying…'}
                </p>
              )}
            </ChainLink>

            <ChainLink
              n={4}
              title="Transparency-log entry (Rekor)"
              kind="rekor"
              href={links.rekorProvenance}
              linkText={result?.provenanceLog ? `log index ${result.provenanceLog.logIndex}` : 'log entry'}
              checks={[check('timestamps'), check('transparency-log')]}
              pending={!result}
            >
              {result?.provenanceLog ? (
                <>
                  <Detail term="Log index">{result.provenanceLog.logIndex}</Detail>
                  {logged ? <Detail term="Integrated time">{formatAbsolute(logged)}</Detail> : null}
                  {result.provenanceLog.kind ? <Detail term="Entry kind">{result.provenanceLog.kind}</Detail> : null}
                </>
              ) : (
                <p className="text-sm text-zinc-600 dark:text-zinc-400">
                  {result ? 'No log entry was read.' : 'Verifying…'}
                </p>
              )}
            </ChainLink>

            <ChainLink
              n={5}
              title="Build run"
              kind="run"
              href={links.run}
              linkText={runLabel(links.run)}
              source={sourceOf(identity?.runInvocationUri, result)}
              pending={!result}
            >
              {facts.trigger ? <Detail term="Trigger">{facts.trigger.value}</Detail> : null}
              {facts.runner ? <Detail term="Runner">{facts.runner.value}</Detail> : null}
              {facts.workflow ? <Detail term="Workflow">{facts.workflow.value}</Detail> : null}
            </ChainLink>

            <ChainLink
              n={6}
              title="Commit"
              kind="commit"
              href={links.commit}
              linkText={facts.commit ? `commit ${facts.commit.value}` : 'commit'}
              fact={facts.commit}
              pending={!result}
            >
              {facts.repository ? <Detail term="Repository">{facts.repository.value}</Detail> : null}
              {facts.commit ? <Detail term="Commit">{facts.commit.value}</Detail> : null}
              {facts.ref ? <Detail term="Ref">{facts.ref.value}</Detail> : null}
            </ChainLink>
          </>
        ) : (
          <li
            data-testid="audit-chain-end"
            className="rounded-md border border-zinc-300 p-3 text-sm dark:border-zinc-700"
          >
            The registry claims no attestation for this version: the chain ends at the tarball. Nothing ties it to a
            repository, a build or a commit.
          </li>
        )}
      </ol>
    </article>
  );
}

function sourceOf(fromCertificate: string | undefined, result: VersionVerification | undefined): string | undefined {
  if (!result) return undefined;
  if (fromCertificate) {
    return result.status === 'verified'
      ? 'Named by the verified certificate (Fulcio extension …1.21).'
      : 'Named by a certificate that did not verify.';
  }
  return result.predicate?.invocationId
    ? 'Named by the provenance predicate only (written by the workflow, not verified).'
    : undefined;
}

function tarballName(record: VersionRecord): string {
  const path = record.dist.tarball?.split('?')[0] ?? '';
  return path.slice(path.lastIndexOf('/') + 1) || `${record.name}@${record.version} tarball`;
}

/** `…/actions/runs/123/attempts/1` → `run 123, attempt 1`; anything else as "build run". */
function runLabel(url: string | undefined): string {
  const match = url ? /\/runs\/(\d+)(?:\/attempts\/(\d+))?/.exec(url) : null;
  if (!match) return 'build run';
  return `run ${match[1] ?? ''}${match[2] ? `, attempt ${match[2]}` : ''}`;
}
