import { useState } from 'react';
import { version as appVersion } from '../../../../package.json';
import type { TrustLevel } from '../../../core/model';
import { formatCount } from '../../../core/text/count';
import {
  LOCKFILE_FORMAT_LABELS,
  WEAKEST_COUNT,
  buildReviewExport,
  reviewCsv,
  reviewFileBase,
  type ReviewRow,
  type ReviewRunView,
  type ReviewSource,
} from '../../../core/review';
import { downloadText } from '../../../lib/download';
import { packageHref } from '../../../lib/hrefs';
import { MetaText } from '../../../components/meta-text';
import { escapeInvisible } from '../../../core/text/display-text';
import { STATUS_TEXT } from '../../../components/status-badge';
import { TRUST_TEXT } from '../../../components/trust-badge';
import type { ReviewRequest, ReviewState } from '../review-session';
import { ReviewTable } from './review-table';

const NO_ROWS: ReviewRow[] = [];
const TRUST_LEVELS: TrustLevel[] = ['staged', 'trusted-publisher', 'provenance', 'none'];
const PHASE_TEXT = {
  reading: 'Reading the lockfile…',
  resolving: 'Resolving the tree from the registry…',
  fetching: 'Fetching package histories and verifying…',
  verifying: 'Verifying…',
  done: 'Done.',
} as const;

export function ReviewResults({
  state,
  request,
  registry,
  onCancel,
}: {
  state: ReviewState;
  request: ReviewRequest;
  registry: string;
  onCancel: () => void;
}) {
  // The review, once its input has been read.
  const read = state.snapshot?.source ? state.snapshot : undefined;
  return (
    <div className="mt-6">
      <ReviewProgress state={state} onCancel={onCancel} />
      {state.error ? (
        <div
          role="alert"
          data-testid="review-error"
          data-error-code={state.error.code}
          className="mt-3 rounded-md border border-red-300 bg-red-50 p-4 text-sm text-red-950 dark:border-red-800 dark:bg-red-950/40 dark:text-red-100"
        >
          <p className="font-semibold">{request.kind === 'lockfile' ? 'This lockfile cannot be reviewed.' : 'This spec cannot be reviewed.'}</p>
          <p className="mt-1">
            <MetaText value={state.error.message} max={500} />
          </p>
        </div>
      ) : null}
      {read ? (
        <>
          <ReviewSummary snapshot={read} complete={state.status === 'done'} />
          <ExportButtons snapshot={read} request={request} registry={registry} complete={state.status === 'done'} />
        </>
      ) : null}
      {/* The table is there from the start of a run, empty until the input is read: its
          first rows then only fill a list already laid out (no first render of the whole
          table, its filters and its measurements in the task that brings the rows). */}
      {read || state.status === 'running' ? <ReviewTable rows={read?.review.rows ?? NO_ROWS} reading={!read} /> : null}
      {read ? <OtherEntries snapshot={read} /> : null}
    </div>
  );
}

function ReviewProgress({ state, onCancel }: { state: ReviewState; onCancel: () => void }) {
  const { progress } = state;
  const running = state.status === 'running';
  return (
    <div
      data-testid="review-progress"
      data-status={state.status}
      data-phase={state.phase}
      data-resolved={progress.resolved}
      data-fetched={progress.fetched}
      data-packages={progress.packages}
      data-verified={progress.verified}
      data-verifications={progress.verifications}
      // Its counts change with every view: laid out and painted on its own (its box keeps
      // its size), each meter at a fixed width, so a new count moves nothing around it.
      className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm [contain:layout_paint]"
    >
      <span role="status" className="min-w-[20rem] font-medium">
        {state.status === 'cancelled'
          ? 'Cancelled: the rows below are as far as the review got.'
          : state.status === 'failed'
            ? 'Stopped.'
            : PHASE_TEXT[state.phase]}
      </span>
      <Meter label="resolved" value={progress.resolved} />
      <Meter label="fetched" value={progress.fetched} max={progress.packages} />
      {/* Checks finished, whatever their verdict (a version without attestations is checked,
          not verified): the entries and the earlier versions they are compared with. */}
      <Meter label="checked" value={progress.verified} max={progress.verifications} />
      {running ? (
        <button
          type="button"
          data-testid="review-cancel"
          onClick={onCancel}
          className="rounded border border-zinc-300 px-3 py-0.5 hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
        >
          Cancel
        </button>
      ) : null}
    </div>
  );
}

function Meter({ label, value, max }: { label: string; value: number; max?: number }) {
  return (
    <span className={`inline-flex items-center gap-1 whitespace-nowrap text-xs tabular-nums text-zinc-700 [contain:strict] dark:text-zinc-300 h-5 ${max !== undefined ? 'w-60' : 'w-28'}`}>
      {max !== undefined ? <progress value={value} max={Math.max(1, max)} aria-label={label} className="h-2 w-20" /> : null}
      {formatCount(value)}
      {max !== undefined ? ` of ${formatCount(max)}` : ''} {label}
    </span>
  );
}

function ReviewSummary({ snapshot, complete }: { snapshot: ReviewRunView; complete: boolean }) {
  const { summary, rows } = snapshot.review;
  // Only the weakest rows are looked up (a render per view: no map of every row).
  const weakest = new Set(summary.weakest);
  const byKey = new Map<string, ReviewRow>();
  if (weakest.size) for (const row of rows) if (weakest.has(row.key)) byKey.set(row.key, row);
  const source = snapshot.source;
  return (
    <section
      aria-labelledby="review-summary-heading"
      data-testid="review-summary"
      data-total={summary.total}
      data-verified={summary.verified}
      data-settled={summary.settled}
      data-complete={complete}
      data-failed={summary.byVerification.failed}
      data-mismatch={summary.integrity.mismatch}
      data-non-registry={summary.nonRegistry}
      data-unresolved={summary.unresolved}
      // Its counts change with every view: laid out and painted on its own, the numbers in
      // fixed-width digits and each line at one height, so a new count re-lays out this box only.
      className="mt-4 rounded-md border border-zinc-200 p-4 tabular-nums [contain:layout_paint] dark:border-zinc-800"
    >
      <h2 id="review-summary-heading" className="text-lg font-semibold">
        <span data-testid="review-verified-count">
          {formatCount(summary.verified)} of {formatCount(summary.total)}
        </span>{' '}
        verified
        <span className="ml-2 text-sm font-normal text-zinc-600 dark:text-zinc-400">
          {source?.kind === 'lockfile' ? LOCKFILE_FORMAT_LABELS[source.format] : source ? `spec ${source.spec} → ${source.root}` : ''}
          {complete ? '' : ` · ${formatCount(summary.settled)} of ${formatCount(summary.total)} checked so far`}
        </span>
      </h2>
      <dl className="mt-2 grid grid-cols-2 gap-x-6 gap-y-1 text-sm sm:grid-cols-4">
        {TRUST_LEVELS.map((level) => (
          <div key={level} data-testid="trust-count" data-trust={level} data-count={summary.byTrust[level]}>
            <dt className="inline text-zinc-600 dark:text-zinc-400">{TRUST_TEXT[level]}: </dt>
            <dd className="inline font-semibold">{summary.byTrust[level]}</dd>
          </div>
        ))}
        {(['failed', 'absent', 'unavailable', 'pending'] as const).map((status) => (
          <div key={status} data-testid="verification-count" data-verification={status} data-count={summary.byVerification[status]}>
            <dt className="inline text-zinc-600 dark:text-zinc-400">{STATUS_TEXT[status]}: </dt>
            <dd className="inline font-semibold">{summary.byVerification[status]}</dd>
          </div>
        ))}
        <div className="sm:col-span-2" data-testid="integrity-count" data-mismatch={summary.integrity.mismatch} data-match={summary.integrity.match} data-unknown={summary.integrity.unknown}>
          <dt className="inline text-zinc-600 dark:text-zinc-400">Integrity: </dt>
          <dd className="inline">
            {summary.integrity.match} match, <span className={summary.integrity.mismatch ? 'font-semibold text-red-700 dark:text-red-400' : ''}>{summary.integrity.mismatch} mismatch</span>, {summary.integrity.unknown} unknown
          </dd>
        </div>
        <div>
          <dt className="inline text-zinc-600 dark:text-zinc-400">Findings: </dt>
          <dd className="inline">
            {summary.findingsBySeverity.high} high, {summary.findingsBySeverity.medium} medium
          </dd>
        </div>
        <div>
          <dt className="inline text-zinc-600 dark:text-zinc-400">Not from the registry: </dt>
          <dd className="inline">{summary.nonRegistry}</dd>
        </div>
        {summary.unresolved || summary.errors ? (
          <div>
            <dt className="inline text-zinc-600 dark:text-zinc-400">Unresolved / unreadable: </dt>
            <dd className="inline">
              {summary.unresolved} / {summary.errors}
            </dd>
          </div>
        ) : null}
      </dl>
      {summary.weakest.length ? (
        <div className="mt-3">
          <h3 className="text-sm font-semibold">Weakest links</h3>
          {/* While the review runs, room for every weakest link it may list (one line each):
              a link found later fills a line, it does not move the table below. */}
          <ol
            data-testid="weakest"
            className="mt-1 list-inside list-decimal text-sm"
            style={complete ? undefined : { minHeight: `${WEAKEST_COUNT * 1.25}rem` }}
          >
            {summary.weakest.map((key) => {
              const row = byKey.get(key);
              if (!row) return null;
              const why = row.verification === 'failed'
                ? `verification failed${row.failedStep ? ` (${row.failedStep.step}: ${row.failedStep.code})` : ''}`
                : row.integrity.status === 'mismatch'
                  ? 'integrity mismatch'
                  : row.findings[0]?.message ?? row.error?.message ?? (row.verification === 'unavailable' ? 'attestations unavailable' : 'install scripts without provenance');
              return (
                <li key={key} data-testid="weakest-link" data-key={key} className="[overflow-wrap:anywhere] sm:truncate" title={escapeInvisible(`${key}: ${why}`)}>
                  <a href={packageHref(row.name, row.version)} className="font-mono text-sky-800 hover:underline dark:text-sky-300">
                    <MetaText value={key} max={100} />
                  </a>{' '}
                  <span className="text-zinc-700 dark:text-zinc-300">
                    <MetaText value={why} max={200} />
                  </span>
                </li>
              );
            })}
          </ol>
        </div>
      ) : null}
      {snapshot.warnings.length ? (
        <ul data-testid="review-warnings" className="mt-3 list-disc pl-5 text-xs text-amber-800 dark:text-amber-300">
          {snapshot.warnings.map((warning, index) => (
            <li key={index}>
              <MetaText value={warning} max={400} />
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function ExportButtons({
  snapshot,
  request,
  registry,
  complete,
}: {
  snapshot: ReviewRunView;
  request: ReviewRequest;
  registry: string;
  complete: boolean;
}) {
  const [problem, setProblem] = useState<string>();
  const source: ReviewSource | undefined =
    snapshot.source?.kind === 'lockfile'
      ? { ...snapshot.source, ...(request.fileName ? { fileName: request.fileName } : {}) }
      : snapshot.source;
  if (!source) return null;
  const label = source.kind === 'lockfile' ? (request.fileName ?? source.format) : source.spec;
  const save = (kind: 'json' | 'csv') => {
    setProblem(undefined);
    const checkedAt = new Date().toISOString();
    try {
      const extra = { nonRegistry: snapshot.nonRegistry, unresolved: snapshot.unresolved };
      if (kind === 'csv') {
        downloadText(`${reviewFileBase(label, checkedAt)}.csv`, reviewCsv(snapshot.review, extra), 'text/csv;charset=utf-8');
      } else {
        const document = buildReviewExport({ review: snapshot.review, source, registry, appVersion, checkedAt, ...extra, peers: snapshot.peers, warnings: snapshot.warnings });
        downloadText(`${reviewFileBase(label, checkedAt)}.json`, JSON.stringify(document, null, 2), 'application/json');
      }
    } catch (error) {
      setProblem(`The export could not be built: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const button = 'rounded border border-zinc-300 px-3 py-1 hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800';
  return (
    <div className="mt-3 flex flex-wrap items-center gap-2 text-sm" data-testid="review-export" data-complete={complete}>
      <button type="button" data-testid="review-export-json" onClick={() => save('json')} className={button}>
        Download JSON
      </button>
      <button type="button" data-testid="review-export-csv" onClick={() => save('csv')} className={button}>
        Download CSV
      </button>
      {complete ? null : (
        <span className="text-xs text-amber-800 dark:text-amber-300">Rows still being checked are exported as pending.</span>
      )}
      {problem ? (
        <span role="alert" className="text-xs text-red-700 dark:text-red-400">
          {problem}
        </span>
      ) : null}
    </div>
  );
}

function OtherEntries({ snapshot }: { snapshot: ReviewRunView }) {
  const { nonRegistry, unresolved, peers } = snapshot;
  if (!nonRegistry.length && !unresolved.length && !peers.length) return null;
  return (
    <section aria-labelledby="review-other-heading" className="mt-6 text-sm">
      <h2 id="review-other-heading" className="text-lg font-semibold">
        Not checked against the registry
      </h2>
      {nonRegistry.length ? (
        <>
          <h3 className="mt-2 font-semibold">Not registry packages ({nonRegistry.length})</h3>
          <ul className="mt-1 grid gap-1">
            {nonRegistry.map((entry) => (
              <li key={entry.key} data-testid="non-registry-entry" data-name={entry.name} data-kind={entry.kind}>
                <span className="font-mono font-semibold">
                  <MetaText value={entry.name} max={100} />
                </span>{' '}
                <span className="rounded bg-zinc-200 px-1 text-[11px] dark:bg-zinc-700">{entry.kind}</span>{' '}
                <span className="break-all font-mono text-xs">
                  <MetaText value={entry.source} max={200} />
                </span>
                <div className="text-xs text-zinc-600 dark:text-zinc-400">
                  <MetaText value={entry.reason} max={400} />
                  {' · '}
                  {entry.direct ? 'direct' : `via ${entry.path.slice(0, -1).join(' › ')}`}
                </div>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {unresolved.length ? (
        <>
          <h3 className="mt-3 font-semibold">Could not be resolved ({unresolved.length})</h3>
          <ul className="mt-1 grid gap-1">
            {unresolved.map((missing) => (
              <li key={`${missing.requiredBy}>${missing.name}@${missing.range}`} data-testid="unresolved-entry" data-name={missing.name} data-code={missing.code}>
                <span className="font-mono font-semibold">
                  <MetaText value={`${missing.name}@${missing.range}`} max={120} />
                </span>{' '}
                <span className="text-xs text-red-700 dark:text-red-400">
                  <MetaText value={missing.message} max={400} />
                </span>
                <div className="text-xs text-zinc-600 dark:text-zinc-400">
                  required by <MetaText value={missing.requiredBy} max={120} />
                  {missing.optional ? ' (optional)' : ''}
                </div>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {peers.length ? (
        <>
          <h3 className="mt-3 font-semibold">Peer dependencies: required, not installed ({peers.length})</h3>
          <ul className="mt-1 grid gap-1">
            {peers.map((peer) => (
              <li key={`${peer.requiredBy}>${peer.name}`} data-testid="peer-requirement" data-name={peer.name} data-range={peer.range}>
                <span className="font-mono font-semibold">
                  <MetaText value={`${peer.name}@${peer.range}`} max={120} />
                </span>{' '}
                <span className="text-xs text-zinc-600 dark:text-zinc-400">
                  required by <MetaText value={peer.requiredBy} max={120} />
                  {peer.optional ? ' (optional peer)' : ''}
                  {peer.satisfiedBy ? `; ${peer.satisfiedBy} in the tree satisfies it` : '; the project must install it'}
                </span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
