import type { ReactNode } from 'react';
import { STEP_LABELS } from '../../../core/analysis/findings';
import { safeHttpUrl } from '../../../core/analysis/links';
import type { Fact as VersionFact } from '../../../core/analysis/version-facts';
import type { CheckResult, StepResult } from '../../../core/model';
import { CheckList } from '../../../components/check-list';

/** One link of the chain of custody: its address, its facts and the checks that vouch for it. */
export function ChainLink({
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
  table,
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
  fact?: VersionFact;
  pending: boolean;
  /** A table shown after the facts (the certificate's fields). */
  table?: ReactNode;
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
      {table}
      <CheckList
        checks={checks.filter((c): c is CheckResult => c !== undefined)}
        label={`${title}: checks`}
        className="mt-2 text-xs"
      />
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

function Outcome({ ok, skipped }: { ok: boolean; skipped: boolean }) {
  return (
    <span aria-hidden="true" className={`mr-1 ${ok ? 'text-emerald-700' : skipped ? 'text-zinc-500' : 'text-red-700'}`}>
      {ok ? '✓' : skipped ? '·' : '✗'}
    </span>
  );
}
