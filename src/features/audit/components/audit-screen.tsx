import { useQuery } from '@tanstack/react-query';
import { VersionNotFound } from '../../../components/version-not-found';
import type { ReactNode } from 'react';
import { packageHref } from '../../../app/routes';
import { analyzePackage } from '../../../core/analysis/analyze-package';
import { STEP_LABELS } from '../../../core/analysis/findings';
import { safeHttpUrl } from '../../../core/analysis/links';
import { versionFacts, type Fact } from '../../../core/analysis/version-facts';
import type {
  CertificateIdentity,
  CheckResult,
  StepResult,
  VersionRecord,
  VersionVerification,
} from '../../../core/model';
import { RegistryError } from '../../../core/net/http-errors';
import { attestationsUrl as registryAttestationsUrl } from '../../../core/registry/npm-registry';
import { npmPurl, sha512Hex } from '../../../core/verify/subject-binding';
import { ErrorPanel } from '../../../components/error-panel';
import { LoadingBlock } from '../../../components/loading-block';
import { formatAbsolute } from '../../../components/relative-time';
import { StatusBadge } from '../../../components/status-badge';
import { TrustBadge } from '../../../components/trust-badge';
import { packageQueryOptions, verificationQueryOptions } from '../../package/package-queries';
import { useRegistrySetting } from '../../registry-setting/registry-setting';

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
  const { base } = useRegistrySetting();
  const query = useQuery(packageQueryOptions(base, name));
  if (query.isPending) return <LoadingBlock label={`Loading ${name} from the registry…`} />;
  if (query.isError) return <ErrorPanel error={query.error} />;
  const record = query.data.versions.find((v) => v.version === version);
  if (!record) {
    return (
      <VersionNotFound
        name={name}
        version={version}
        removed={query.data.removedVersions.some((r) => r.version === version)}
        Heading="h1"
      />
    );
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
  const view = analyzePackage(
    { name: record.name, distTags: {}, versions: [record], removedVersions: [] },
    () => result,
  ).versions[0];
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

  return (
    <article
      data-testid="audit-view"
      data-version={record.version}
      data-verification={status}
      className="mt-4 max-w-4xl"
    >
      <style>{PRINT_CSS}</style>
      <nav className="text-sm audit-no-print" aria-label="Breadcrumb">
        <a href={packageHref(record.name)} className="text-sky-700 hover:underline dark:text-sky-300">
          {record.name}
        </a>
        <span className="mx-1 text-zinc-500" aria-hidden="true">
          /
        </span>
        <a href={packageHref(record.name, record.version)} className="text-sky-700 hover:underline dark:text-sky-300">
          {record.version}
        </a>
      </nav>
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
          <Fact label="Integrity">{record.dist.integrity ?? 'not given'}</Fact>
          {integrityHex ? <Fact label="sha512 (hex)">{integrityHex}</Fact> : null}
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
              <Fact label="Subject">{npmPurl(record.name, record.version)}</Fact>
              <Fact label="Subject digest">
                {step('subject-binding')?.outcome === 'pass' && integrityHex
                  ? `sha512:${integrityHex} (equals the tarball's integrity)`
                  : 'not bound (see the result)'}
              </Fact>
              {result?.bundleMediaTypes?.length ? (
                <Fact label="Bundles">{result.bundleMediaTypes.join(', ')}</Fact>
              ) : null}
              {result?.publishLog ? (
                <Fact label="Publish attestation log index">{result.publishLog.logIndex}</Fact>
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
            >
              {identity ? (
                <CertificateFacts identity={identity} />
              ) : (
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
                  <Fact label="Log index">{result.provenanceLog.logIndex}</Fact>
                  {loggedAt(result.provenanceLog.integratedTime) ? (
                    <Fact label="Integrated time">
                      {formatAbsolute(loggedAt(result.provenanceLog.integratedTime) ?? '')}
                    </Fact>
                  ) : null}
                  {result.provenanceLog.kind ? <Fact label="Entry kind">{result.provenanceLog.kind}</Fact> : null}
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
              {facts.trigger ? <Fact label="Trigger">{facts.trigger.value}</Fact> : null}
              {facts.runner ? <Fact label="Runner">{facts.runner.value}</Fact> : null}
              {facts.workflow ? <Fact label="Workflow">{facts.workflow.value}</Fact> : null}
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
              {facts.repository ? <Fact label="Repository">{facts.repository.value}</Fact> : null}
              {facts.commit ? <Fact label="Commit">{facts.commit.value}</Fact> : null}
              {facts.ref ? <Fact label="Ref">{facts.ref.value}</Fact> : null}
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

const FULCIO_FIELDS: [keyof CertificateIdentity, string][] = [
  ['subjectAlternativeName', 'SAN'],
  ['issuer', 'Issuer (…57264.1.8)'],
  ['buildSignerUri', 'Build signer URI (…1.9)'],
  ['buildSignerDigest', 'Build signer digest (…1.10)'],
  ['runnerEnvironment', 'Runner environment (…1.11)'],
  ['sourceRepositoryUri', 'Source repository (…1.12)'],
  ['sourceRepositoryDigest', 'Source digest (…1.13)'],
  ['sourceRepositoryRef', 'Source ref (…1.14)'],
  ['sourceRepositoryIdentifier', 'Repository id (…1.15)'],
  ['sourceRepositoryOwnerUri', 'Owner URI (…1.16)'],
  ['sourceRepositoryOwnerIdentifier', 'Owner id (…1.17)'],
  ['buildConfigUri', 'Build config URI (…1.18)'],
  ['buildConfigDigest', 'Build config digest (…1.19)'],
  ['buildTrigger', 'Build trigger (…1.20)'],
  ['runInvocationUri', 'Run invocation URI (…1.21)'],
  ['sourceRepositoryVisibilityAtSigning', 'Visibility at signing (…1.22)'],
  ['deploymentEnvironment', 'Deployment environment (…1.23)'],
];

function CertificateFacts({ identity }: { identity: CertificateIdentity }) {
  return (
    <>
      {FULCIO_FIELDS.filter(([key]) => identity[key] !== undefined).map(([key, label]) => (
        <Fact key={key} label={label} field={key}>
          {identity[key]}
        </Fact>
      ))}
    </>
  );
}

function ChainLink({
  n,
  title,
  kind,
  href,
  linkText,
  linkLabel,
  results = [],
  checks = [],
  source,
  fact,
  pending,
  children,
}: {
  n: number;
  title: string;
  kind: 'tarball' | 'attestation' | 'certificate' | 'rekor' | 'run' | 'commit';
  href: string | undefined;
  linkText: string;
  linkLabel?: string;
  results?: (StepResult | undefined)[];
  checks?: (CheckResult | undefined)[];
  source?: string;
  fact?: Fact;
  pending: boolean;
  children?: ReactNode;
}) {
  const safe = safeHttpUrl(href);
  return (
    <li
      data-testid="audit-step"
      data-kind={kind}
      className="rounded-md border border-zinc-300 p-3 dark:border-zinc-700"
    >
      <h3 className="font-semibold">
        {n}. {title}
      </h3>
      <div className="mt-1 text-sm">
        {safe ? (
          <>
            {linkLabel ? <span className="text-zinc-600 dark:text-zinc-400">{linkLabel}: </span> : null}
            {/* safeHttpUrl above is the same gate ExternalLink applies; the test hook must sit on the <a>. */}
            <a
              href={safe}
              target="_blank"
              rel="noopener noreferrer nofollow"
              data-testid="audit-link"
              data-kind={kind}
              className="break-all text-sky-700 underline dark:text-sky-300"
            >
              {linkText}
            </a>
          </>
        ) : (
          <span className="text-zinc-600 dark:text-zinc-400">
            {pending
              ? 'Not known until verification finishes.'
              : href
                ? `${href} (not an http(s) address: not linked)`
                : 'No link: not recorded.'}
          </span>
        )}
      </div>
      <dl className="mt-2 grid grid-cols-[minmax(9rem,auto)_1fr] gap-x-4 gap-y-0.5 text-xs">{children}</dl>
      <ul className="mt-2 space-y-0.5 text-xs" aria-label={`${title}: verification`}>
        {results
          .filter((r): r is StepResult => r !== undefined)
          .map((r) => (
            <li key={r.step} data-step={r.step} data-outcome={r.outcome}>
              <Outcome ok={r.outcome === 'pass'} skipped={r.outcome === 'skip'} />
              {STEP_LABELS[r.step]}: {r.outcome === 'pass' ? 'pass' : r.outcome === 'fail' ? 'FAIL' : 'not checked'}{' '}
              <code>{r.code}</code> — {r.message}
            </li>
          ))}
        {checks
          .filter((c): c is CheckResult => c !== undefined)
          .map((c) => (
            <li key={c.name} data-check={c.name} data-state={c.state}>
              <Outcome ok={c.state === 'passed'} skipped={c.state === 'not-run'} />
              {CHECK_TEXT[c.name]}: {c.state === 'failed' ? 'FAILED' : c.state.replace('-', ' ')}
              {c.message ? ` — ${c.message}` : ''}
            </li>
          ))}
        {source ? <li>{source}</li> : null}
        {fact ? (
          <li>
            From the{' '}
            {fact.source === 'metadata'
              ? 'package metadata (not verified)'
              : `${fact.source}${fact.verified ? ' (verified)' : ' (not verified)'}`}
          </li>
        ) : null}
        {pending ? <li className="text-zinc-600 dark:text-zinc-400">Verifying…</li> : null}
      </ul>
    </li>
  );
}

const CHECK_TEXT: Record<CheckResult['name'], string> = {
  'bundle-format': 'Bundle format',
  timestamps: 'Timestamps',
  'signing-key': 'Certificate chain to the Fulcio root',
  'transparency-log': 'Inclusion in the transparency log',
  signature: 'DSSE signature with the certificate key',
  statement: 'In-toto statement',
};

function Outcome({ ok, skipped }: { ok: boolean; skipped: boolean }) {
  return (
    <span aria-hidden="true" className={`mr-1 ${ok ? 'text-emerald-700' : skipped ? 'text-zinc-500' : 'text-red-700'}`}>
      {ok ? '✓' : skipped ? '·' : '✗'}
    </span>
  );
}

function Fact({ label, field, children }: { label: string; field?: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-zinc-600 dark:text-zinc-400">{label}</dt>
      <dd className="min-w-0 break-all font-mono" {...(field ? { 'data-field': field } : {})}>
        {children}
      </dd>
    </>
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

/** The log's integrated time (seconds, untrusted text) as ISO, when it is a real date. */
function loggedAt(seconds: string | undefined): string | undefined {
  if (!seconds || !/^\d{1,12}$/.test(seconds)) return undefined;
  const date = new Date(Number(seconds) * 1000);
  return Number.isFinite(date.getTime()) ? date.toISOString() : undefined;
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
