import { memo, type CSSProperties } from 'react';
import type { ReviewFindingKind, ReviewRow as Row } from '../../../core/review';
import { packageHref } from '../../../lib/hrefs';
import { ExternalLink } from '../../../components/external-link';
import { FINDING_KIND_TEXT, SEVERITY_BADGE } from '../../../components/findings-list';
import { MetaText } from '../../../components/meta-text';
import { StatusBadge } from '../../../components/status-badge';
import { TrustBadge } from '../../../components/trust-badge';
import { escapeInvisible } from '../../../core/text/display-text';

export const REVIEW_COLUMNS =
  'grid grid-cols-[minmax(11rem,1.4fr)_minmax(8rem,0.9fr)_minmax(9rem,1.1fr)_minmax(5rem,0.5fr)_minmax(12rem,1.8fr)] gap-x-3';

/** Every row has this height (its content is laid out to fit), so the virtualizer never measures. */
export const REVIEW_ROW_HEIGHT_PX = 88;

/** The timeline's finding names, and the one finding only a review has. */
export const REVIEW_FINDING_KIND_TEXT: Record<ReviewFindingKind, string> = {
  'integrity-mismatch': 'Integrity mismatch',
  ...FINDING_KIND_TEXT,
};

const INTEGRITY_STYLE = {
  match: 'text-emerald-800 dark:text-emerald-300',
  mismatch: 'font-semibold text-red-700 dark:text-red-400',
  unknown: 'text-zinc-600 dark:text-zinc-400',
} as const;

const INTEGRITY_TEXT = { match: 'Match', mismatch: 'Mismatch', unknown: 'Unknown' } as const;

/** A review row's key in a list. */
export const reviewRowKey = (row: Row): string => row.key;

/**
 * One name@version of the tree: what the timeline says about it, and why it is here.
 * `style`: its place in a virtualized list. Its content is laid out and painted only near
 * the window (`content-visibility: auto`; its size is fixed): the rows drawn ahead of the
 * reader, often all of them below the summary, cost nothing while results stream in.
 */
export const ReviewRow = memo(function ReviewRow({ row, style }: { row: Row; style?: CSSProperties }) {
  const placement = row.direct ? 'direct' : 'transitive';
  const why = row.path.join(' › ');
  return (
    <div
      data-testid="dependency-row"
      data-name={row.name}
      data-version={row.version}
      data-trust={row.trust}
      data-verification={row.verification}
      data-integrity={row.integrity.status}
      data-direct={row.direct}
      data-findings={row.findings.map((f) => f.kind).join(' ')}
      style={style}
      className={`${REVIEW_COLUMNS} h-full items-start overflow-hidden border-b [content-visibility:auto] border-zinc-200 px-3 py-2 text-sm dark:border-zinc-800`}
    >
      <div className="min-w-0">
        <div className="flex min-w-0 items-baseline gap-1">
          <a href={packageHref(row.name)} className="truncate font-mono font-semibold text-sky-800 hover:underline dark:text-sky-300" title="Timeline of this package">
            <MetaText value={row.name} max={80} />
          </a>
          <a href={packageHref(row.name, row.version)} className="shrink-0 font-mono text-sky-800 hover:underline dark:text-sky-300" title="This version's detail">
            @<MetaText value={row.version} max={40} />
          </a>
        </div>
        <div className="mt-0.5 flex gap-1 overflow-hidden whitespace-nowrap text-[11px]">
          <span data-testid="placement" className="rounded bg-zinc-200 px-1 text-zinc-800 dark:bg-zinc-700 dark:text-zinc-100">
            {placement}
          </span>
          {row.dev ? <span className="rounded bg-zinc-100 px-1 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300">dev</span> : null}
          {row.optional ? <span className="rounded bg-zinc-100 px-1 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300">optional</span> : null}
          {row.aliases?.length ? (
            <span className="truncate text-zinc-600 dark:text-zinc-400" title={escapeInvisible(row.aliases.join(', '))}>
              installed as <MetaText value={row.aliases.join(', ')} max={60} />
            </span>
          ) : null}
        </div>
        <div data-testid="why" className="mt-0.5 truncate text-xs text-zinc-600 dark:text-zinc-400" title={`Why is this here: ${escapeInvisible(why)}`}>
          <span className="sr-only">Why is this here: </span>
          <MetaText value={why} max={300} />
        </div>
      </div>
      <div className="flex min-w-0 flex-col items-start gap-1">
        <TrustBadge level={row.trust} pending={row.trustPending && row.status === 'ready'} />
        <StatusBadge status={row.verification} />
        {row.failedStep ? (
          <div className="max-w-full truncate text-xs text-red-700 dark:text-red-400" title={escapeInvisible(row.failedStep.message)}>
            {row.failedStep.step}: {row.failedStep.code}
          </div>
        ) : null}
      </div>
      <div className="min-w-0 text-xs">
        {row.publisher ? (
          <div className="truncate font-medium" title="Publisher">
            <MetaText value={row.provider?.label ? `${row.provider.label} (${row.publisher})` : row.publisher} max={80} />
          </div>
        ) : row.status === 'ready' ? (
          <div className="text-zinc-500">unknown publisher</div>
        ) : null}
        {row.repository ? (
          <ExternalLink href={row.links.repository} layout="block truncate">
            <MetaText value={row.repository} max={80} />
          </ExternalLink>
        ) : null}
        {row.commit ? (
          <ExternalLink href={row.links.commit} layout="block truncate font-mono">
            <MetaText value={row.commit.slice(0, 12)} max={12} />
          </ExternalLink>
        ) : null}
      </div>
      <div className={`min-w-0 text-xs ${INTEGRITY_STYLE[row.integrity.status]}`} title={escapeInvisible(row.integrity.message)}>
        {INTEGRITY_TEXT[row.integrity.status]}
      </div>
      <div className="min-w-0 text-xs">
        {row.error ? (
          <div data-testid="row-error" data-error-code={row.error.code} className="line-clamp-2 text-red-700 dark:text-red-400" title={escapeInvisible(row.error.message)}>
            <MetaText value={row.error.message} max={300} />
          </div>
        ) : null}
        {row.findings.length === 0 && !row.error ? <span className="text-zinc-500">{row.status === 'pending' ? 'Loading…' : 'None'}</span> : null}
        {row.findings.slice(0, row.error ? 1 : 2).map((finding, index) => (
          <div key={`${finding.kind}-${index}`} data-testid="row-finding" data-kind={finding.kind} data-severity={finding.severity} className="line-clamp-2" title={escapeInvisible(finding.message)}>
            <span className={`mr-1 rounded px-1 text-[11px] font-medium ${SEVERITY_BADGE[finding.severity]}`}>
              {REVIEW_FINDING_KIND_TEXT[finding.kind]}
            </span>
            <MetaText value={finding.message} max={300} />
          </div>
        ))}
        {row.findings.length > 2 ? <div className="text-zinc-500">and {row.findings.length - 2} more (in the export)</div> : null}
      </div>
    </div>
  );
});
