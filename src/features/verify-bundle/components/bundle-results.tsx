import { memo } from 'react';
import { loggedAt } from '../../../core/analysis/findings-text';
import { rekorEntryUrl } from '../../../core/analysis/links';
import type {
  ArtifactComparison,
  BundleVerdict,
  IdentityComparison,
  VerifyBundleResult,
} from '../../../core/verify/verify-bundle';
import { CertificateTable } from '../../../components/certificate-table';
import { CheckList } from '../../../components/check-list';
import { Detail } from '../../../components/detail';
import { ExternalLink } from '../../../components/external-link';
import { formatAbsolute } from '../../../components/relative-time';
import { formatSize } from '../format-size';

/** What a failure code means for someone holding the bundle (the message says the details). */
const CODE_HINTS: Partial<Record<BundleVerdict['code'], string>> = {
  TLOG_BODY_ERROR:
    'The bundle does not match its transparency-log entry: it was changed after it was logged, or the entry belongs to another bundle.',
  TLOG_INCLUSION_PROOF_ERROR:
    "The log entry's inclusion proof does not check out against a log of the trusted root: altered, or from a log this root does not know.",
  TLOG_INCLUSION_PROMISE_ERROR:
    "The log's signed promise of inclusion does not check out against a log of the trusted root: altered, or from a log this root does not know.",
  TLOG_MISSING_INCLUSION_ERROR: 'The log entry carries neither an inclusion proof nor a signed promise.',
  SIGNATURE_ERROR: 'The signature does not match what was signed: the content or the signature was altered.',
  CERTIFICATE_ERROR:
    'The signing certificate does not chain to a certificate authority of the trusted root, or was not valid when the entry was logged.',
  TIMESTAMP_ERROR: 'The signing could not be pinned to a trusted time.',
  KEY_NOT_FOUND: 'The bundle is signed with a key that was not selected or given (Advanced).',
  PUBLIC_KEY_ERROR: 'The key was not valid when the entry was logged, or is not the one that signed.',
  ARTIFACT_MISMATCH: 'The bundle may be genuine, but it attests a different file.',
  ARTIFACT_UNCOMPARABLE: 'Give the file itself: its digests are computed for every algorithm.',
  IDENTITY_MISMATCH: 'The bundle may be genuine, but someone other than the expected signer signed it.',
  PREDICATE_TYPE_UNEXPECTED: 'The response lists the bundle as something its signed statement does not say it is.',
};

/** Memoized: typing in the form after a result does not render the result again. */
export const BundleResults = memo(function BundleResults({ result }: { result: VerifyBundleResult }) {
  const verified = result.verdicts.filter((v) => v.verdict === 'verified').length;
  return (
    <div className="mt-2 space-y-4">
      {result.input === 'attestations' ? (
        <p data-testid="bundle-summary" className="text-sm font-medium" role="status">
          {verified} of {result.verdicts.length} bundles in the attestations response verified.
        </p>
      ) : null}
      <TrustContext result={result} />
      {result.verdicts.map((verdict, i) => (
        <VerdictCard key={i} verdict={verdict} index={i} />
      ))}
    </div>
  );
});

function TrustContext({ result }: { result: VerifyBundleResult }) {
  const root = result.trustedRoot;
  if (!root && !result.artifact && !result.providedKeyId) return null;
  return (
    <dl className="grid grid-cols-[minmax(8rem,auto)_1fr] gap-x-4 gap-y-1 text-xs" data-testid="trust-context">
      {root ? (
        <Detail term="Trusted root" className="min-w-0 break-words">
          {root.source === 'public-good' ? 'Sigstore public-good (bundled)' : 'the one you gave'} · sha256{' '}
          <span className="font-mono">{root.fingerprint.slice(0, 16)}…</span> · {root.certificateAuthorities}{' '}
          certificate authorities, {root.timestampAuthorities} timestamp authorities · logs:{' '}
          {root.tlogs.join(', ') || 'none'}
        </Detail>
      ) : null}
      {result.artifact ? (
        <Detail term="Artifact">
          {result.artifact.name ?? 'file'} ({formatSize(result.artifact.size)})
          {result.artifact.digests.map((d) => (
            <span key={d.algorithm} className="block">
              {d.algorithm}:{d.hex}
            </span>
          ))}
        </Detail>
      ) : null}
      {result.providedKeyId ? <Detail term="Your key">{result.providedKeyId}</Detail> : null}
    </dl>
  );
}

function VerdictCard({ verdict, index }: { verdict: BundleVerdict; index: number }) {
  const ok = verdict.verdict === 'verified';
  const headingId = `bundle-verdict-${index}`;
  return (
    <section
      data-testid="bundle-verdict"
      data-verdict={verdict.verdict}
      {...(ok ? {} : { 'data-error-code': verdict.code })}
      aria-labelledby={headingId}
      className={`rounded-md border p-4 ${ok ? 'border-emerald-300 dark:border-emerald-800' : 'border-red-300 bg-red-50/50 dark:border-red-800 dark:bg-red-950/30'}`}
    >
      <h3 id={headingId} className="flex flex-wrap items-center gap-2 font-semibold">
        <span>{verdict.label}</span>
        <span className={ok ? 'text-emerald-800 dark:text-emerald-300' : 'text-red-700 dark:text-red-400'}>
          <span aria-hidden="true">{ok ? '✓ ' : '✗ '}</span>
          {ok ? 'Verified' : 'Failed'}
        </span>
        {!ok ? <code className="text-xs font-normal text-zinc-600 dark:text-zinc-400">{verdict.code}</code> : null}
      </h3>
      {verdict.declaredPredicateType ? (
        <p className="break-all text-xs text-zinc-600 dark:text-zinc-400">Listed as {verdict.declaredPredicateType}</p>
      ) : null}
      <p data-testid="bundle-verdict-message" className="mt-1 break-words text-sm">
        {verdict.message}
      </p>
      {!ok && CODE_HINTS[verdict.code] ? (
        <p className="mt-1 text-sm text-red-900 dark:text-red-200" data-testid="bundle-verdict-hint">
          {CODE_HINTS[verdict.code]}
        </p>
      ) : null}
      {verdict.notes.length ? (
        <ul className="mt-1 list-disc pl-5 text-xs text-amber-800 dark:text-amber-300">
          {verdict.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      ) : null}
      <CheckList checks={verdict.checks} label="Verification steps" testId="bundle-check" className="mt-3 text-sm" />
      {verdict.artifactComparison ? <ArtifactTable comparison={verdict.artifactComparison} /> : null}
      {verdict.identityComparison ? <IdentityTable comparison={verdict.identityComparison} /> : null}
      <SignerFacts verdict={verdict} />
      {verdict.identity ? (
        <div className="mt-4">
          <h4 className="text-sm font-medium">Signing certificate</h4>
          <CertificateTable identity={verdict.identity} signed="bundle" verified={ok} />
        </div>
      ) : null}
      {verdict.statementText ? (
        <details className="mt-4" open={!ok && verdict.code === 'ARTIFACT_MISMATCH' ? true : undefined}>
          <summary className="cursor-pointer text-sm font-medium">
            In-toto statement{verdict.predicateType ? ` (${verdict.predicateType})` : ''}
          </summary>
          <pre
            data-testid="bundle-statement"
            className="mt-2 max-h-96 overflow-auto rounded bg-zinc-100 p-2 text-xs dark:bg-zinc-900"
          >
            {verdict.statementText}
          </pre>
        </details>
      ) : null}
    </section>
  );
}

function ArtifactTable({ comparison }: { comparison: ArtifactComparison }) {
  const matched = comparison.matched;
  return (
    <div className="mt-4">
      <h4 className="text-sm font-medium">Artifact and what the bundle names</h4>
      <table className="mt-1 w-full text-xs" data-testid="artifact-comparison">
        <tbody>
          {comparison.artifact.map((d) => (
            <tr key={`a-${d.algorithm}`} className="border-b border-zinc-100 dark:border-zinc-800">
              <th scope="row" className="py-1 pr-3 text-left font-normal text-zinc-600 dark:text-zinc-400">
                Your artifact, {d.algorithm}
              </th>
              <td className="break-all py-1 font-mono" data-digest="artifact">
                {d.hex}
              </td>
            </tr>
          ))}
          {comparison.bundle.flatMap((subject, i) =>
            subject.digests.map((d) => {
              const isMatch = matched?.digest.algorithm === d.algorithm && matched.digest.hex === d.hex;
              return (
                <tr key={`b-${i}-${d.algorithm}`} className="border-b border-zinc-100 dark:border-zinc-800">
                  <th scope="row" className="py-1 pr-3 text-left font-normal text-zinc-600 dark:text-zinc-400">
                    {subject.name ? <span className="break-all">Subject {subject.name}</span> : 'Message digest'},{' '}
                    {d.algorithm}
                  </th>
                  <td className="break-all py-1 font-mono" data-digest="bundle">
                    {d.hex}{' '}
                    {isMatch ? (
                      <span className="font-sans text-emerald-800 dark:text-emerald-300">(matches)</span>
                    ) : null}
                  </td>
                </tr>
              );
            }),
          )}
        </tbody>
      </table>
    </div>
  );
}

function IdentityTable({ comparison }: { comparison: IdentityComparison }) {
  const mark = (ok: boolean | undefined) =>
    ok === undefined ? (
      <span className="text-zinc-500">not checked</span>
    ) : ok ? (
      <span className="text-emerald-800 dark:text-emerald-300">✓ matches</span>
    ) : (
      <span className="font-semibold text-red-700 dark:text-red-400">✗ differs</span>
    );
  const rows = [
    {
      field: 'san',
      label: 'SAN',
      expected: comparison.expectedSan?.rule,
      note: undefined,
      actual: comparison.actualSan,
      matches: comparison.sanMatches,
    },
    {
      field: 'issuer',
      label: 'Issuer',
      expected: comparison.expectedIssuer,
      note: comparison.issuerImplied ? 'implied by owner/repo' : undefined,
      actual: comparison.actualIssuer,
      matches: comparison.issuerMatches,
    },
  ];
  return (
    <div className="mt-4">
      <h4 className="text-sm font-medium">Expected signer and the certificate</h4>
      <table className="mt-1 w-full text-xs" data-testid="identity-comparison">
        <thead>
          <tr className="text-left text-zinc-600 dark:text-zinc-400">
            <th scope="col" className="py-1 pr-3 font-normal" />
            <th scope="col" className="py-1 pr-3 font-normal">
              Expected
            </th>
            <th scope="col" className="py-1 pr-3 font-normal">
              Certificate
            </th>
            <th scope="col" className="py-1 font-normal">
              Result
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr
              key={row.field}
              className="border-b border-zinc-100 align-top last:border-0 dark:border-zinc-800"
              data-field={row.field}
            >
              <th scope="row" className="py-1 pr-3 text-left font-normal text-zinc-600 dark:text-zinc-400">
                {row.label}
              </th>
              <td className="break-all py-1 pr-3 font-mono" data-side="expected">
                {row.expected ?? 'any'}
                {row.note ? <span className="block font-sans text-zinc-500">{row.note}</span> : null}
              </td>
              <td className="break-all py-1 pr-3 font-mono" data-side="actual">
                {row.actual ?? '(none)'}
              </td>
              <td className="py-1">{mark(row.matches)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function SignerFacts({ verdict }: { verdict: BundleVerdict }) {
  const { signer, tlog, messageDigest, mediaType } = verdict;
  if (!signer && !tlog && !mediaType) return null;
  const rekor = tlog ? rekorEntryUrl(tlog) : undefined;
  const logged = loggedAt(tlog?.integratedTime);
  return (
    <dl className="mt-4 grid grid-cols-[minmax(8rem,auto)_1fr] gap-x-4 gap-y-1 text-xs">
      {mediaType ? <Detail term="Media type">{mediaType}</Detail> : null}
      {signer ? (
        <Detail term="Signed with" className="break-all">
          {signer.kind === 'certificate' ? (
            'a Fulcio certificate (keyless)'
          ) : (
            <>
              key <span className="font-mono">{signer.keyHint || '(no hint)'}</span>
              {signer.keySource === 'npm'
                ? " (npm's registry key)"
                : signer.keySource === 'provided'
                  ? ' (the key you gave)'
                  : ''}
            </>
          )}
        </Detail>
      ) : null}
      {messageDigest ? (
        <Detail term="Message digest">
          {messageDigest.algorithm}:{messageDigest.hex}
        </Detail>
      ) : null}
      {tlog ? (
        <Detail term="Transparency log" className="break-all">
          <ExternalLink href={rekor}>log index {tlog.logIndex}</ExternalLink>
          {tlog.kind ? ` · ${tlog.kind}` : ''}
          {logged ? ` · logged ${formatAbsolute(logged)}` : ''}
          {tlog.logBaseUrl ? ` · ${tlog.logBaseUrl}` : ''}
        </Detail>
      ) : null}
    </dl>
  );
}
