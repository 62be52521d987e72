import { memo, type CSSProperties } from 'react';
import { repositoryLabel, versionFacts, type Fact, type VersionFacts } from '../../../core/analysis/version-facts';
import type { Finding, VersionView } from '../../../core/model';
import { compareHref, packageHref } from '../../../lib/hrefs';
import { ExternalLink } from '../../../components/external-link';
import { RelativeTime } from '../../../components/relative-time';
import { StatusText } from '../../../components/status-badge';
import { TrustBadge } from '../../../components/trust-badge';
import { PublisherLabel } from '../../../components/publisher-label';
import { MetaText } from '../../../components/meta-text';
import { escapeInvisible } from '../../../core/text/display-text';

export const TIMELINE_COLUMNS =
  'grid grid-cols-[minmax(7rem,1.1fr)_minmax(7rem,0.9fr)_minmax(8rem,1.1fr)_minmax(8rem,0.9fr)_minmax(10rem,1.6fr)_minmax(4rem,0.5fr)] gap-x-3';

/**
 * Every row has this height (its content is laid out to fit): with a fixed height the
 * virtualizer never measures rows, and scrolling never changes the page's layout.
 */
export const VERSION_ROW_HEIGHT_PX = 80;

/**
 * A view's facts and links (several `new URL` each), made once per view: a row mounts
 * again every time it scrolls back into the window, and an unchanged version keeps its
 * view object across analysis updates.
 */
const FACTS = new WeakMap<VersionView, VersionFacts>();

function factsOf(view: VersionView): VersionFacts {
  let facts = FACTS.get(view);
  if (!facts) FACTS.set(view, (facts = versionFacts(view)));
  return facts;
}

/** A version row's key in a list. */
export const versionKey = (view: VersionView): string => view.record.version;

/** The timeline's column names, above its rows (and above the preview's). */
export function TimelineColumnsHeader() {
  return (
    <div
      aria-hidden="true"
      className={`${TIMELINE_COLUMNS} border-b border-zinc-200 bg-zinc-50 px-3 py-1.5 text-xs font-semibold uppercase tracking-wide text-zinc-600 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-400`}
    >
      <span>Version</span>
      <span>Published</span>
      <span>Publisher</span>
      <span>Trust · verification</span>
      <span>Source · workflow</span>
      <span>Findings</span>
    </div>
  );
}

/**
 * One version of the timeline. Its cells are the grid's items themselves (no wrapper
 * where one element fills a cell): a row is about 20 elements, and a long list mounts a
 * few rows on every scroll step. `style`: its place in a virtualized list.
 */
export const VersionRow = memo(function VersionRow({
  view,
  findings,
  previousVersion,
  findingsPending = false,
  style,
}: {
  view: VersionView;
  findings: Finding[];
  /** The version published before this one, for "compare with previous". */
  previousVersion?: string;
  /** The history is still being analysed: the row's findings are not known yet. */
  findingsPending?: boolean;
  style?: CSSProperties;
}) {
  const { record } = view;
  const facts = factsOf(view);
  const status = view.verification?.status ?? 'pending';
  const rowFindings = view.findingIndexes.map((i) => findings[i]).filter((f): f is Finding => f !== undefined);
  const worst = rowFindings[0]?.severity;
  return (
    <div
      data-testid="version-row"
      data-version={record.version}
      data-trust={view.trust}
      data-trust-claim={view.trustClaim}
      data-verification={status}
      style={style}
      className={`${TIMELINE_COLUMNS} h-full items-start overflow-hidden border-b border-zinc-200 px-3 py-2 text-sm dark:border-zinc-800`}
    >
      <div className="min-w-0">
        <a
          href={packageHref(record.name, record.version)}
          className="block truncate font-mono font-semibold text-sky-800 hover:underline dark:text-sky-300"
        >
          <MetaText value={record.version} max={60} />
        </a>
        {record.distTags.length || record.deprecated !== undefined ? (
          // One line: the row has a fixed height. All tags are in the title.
          <div
            className="mt-0.5 flex gap-1 overflow-hidden whitespace-nowrap"
            title={escapeInvisible(record.distTags.join(', '))}
          >
            {record.distTags.map((tag) => (
              <span
                key={tag}
                className="rounded bg-zinc-200 px-1 text-[11px] text-zinc-800 dark:bg-zinc-700 dark:text-zinc-100"
              >
                <MetaText value={tag} max={30} />
              </span>
            ))}
            {record.deprecated !== undefined ? (
              <span className="rounded bg-amber-100 px-1 text-[11px] text-amber-900 dark:bg-amber-900 dark:text-amber-100">
                deprecated
              </span>
            ) : null}
          </div>
        ) : null}
        {previousVersion ? (
          <a
            href={compareHref(record.name, previousVersion, record.version)}
            data-testid="compare-previous"
            className="block text-[11px] text-sky-700 hover:underline dark:text-sky-300"
            title={`Compare ${record.version} with ${previousVersion}, the version published before it`}
          >
            compare with previous
          </a>
        ) : null}
      </div>
      {record.invalidTime !== undefined ? (
        <span className="min-w-0 text-xs text-amber-700 dark:text-amber-300" data-testid="invalid-time">
          no valid time
        </span>
      ) : (
        <RelativeTime iso={record.publishedAt} className="min-w-0 text-xs" />
      )}
      <PublisherLabel publisher={record.publisher} provider={view.provider} />
      <div className="flex min-w-0 flex-col items-start gap-1">
        <TrustBadge level={view.trust} pending={view.trustPending} claim={view.trustClaim} />
        <StatusText status={status} />
      </div>
      {facts.workflow ? (
        <div className="min-w-0 text-xs">
          <SourceLine
            repository={facts.repository}
            commit={facts.commit}
            commitUrl={facts.links.commit}
            repositoryUrl={facts.links.repository}
          />
          {/* One element: the link is the line (block, cut with an ellipsis). */}
          <ExternalLink href={facts.links.workflow} layout="block truncate font-mono" title={facts.workflow.value}>
            {facts.workflow.value}
          </ExternalLink>
        </div>
      ) : (
        // Without a workflow the source line is the cell itself (one element fewer a row).
        <SourceLine
          className="min-w-0 text-xs"
          repository={facts.repository}
          commit={facts.commit}
          commitUrl={facts.links.commit}
          repositoryUrl={facts.links.repository}
        />
      )}
      {findingsPending ? (
        <span className="text-xs text-zinc-500 dark:text-zinc-400" aria-label="findings not known yet">
          …
        </span>
      ) : rowFindings.length ? (
        <a
          href={`${packageHref(record.name, record.version)}`}
          className={`justify-self-start text-xs ${
            worst === 'high' ? 'font-semibold text-red-700 dark:text-red-400' : 'text-amber-800 dark:text-amber-300'
          }`}
          title={rowFindings.map((f) => f.message).join('\n\n')}
        >
          {rowFindings.length} finding{rowFindings.length > 1 ? 's' : ''}
        </a>
      ) : (
        <span className="text-xs text-zinc-500 dark:text-zinc-400" aria-label="no findings">
          —
        </span>
      )}
    </div>
  );
});

function SourceLine({
  className,
  repository,
  commit,
  repositoryUrl,
  commitUrl,
}: {
  /** Classes of a grid cell, when the line is the cell. */
  className?: string;
  repository?: Fact;
  commit?: Fact;
  repositoryUrl?: string;
  commitUrl?: string;
}) {
  if (!repository && !commit)
    return (
      <span className={`${className ? `${className} ` : ''}text-zinc-500 dark:text-zinc-400`}>no source recorded</span>
    );
  const unverified = repository && !repository.verified;
  const fromMetadata = repository?.source === 'metadata';
  return (
    <div
      className={className ? `${className} truncate` : 'truncate'}
      title={
        !unverified
          ? 'From the signing certificate'
          : fromMetadata
            ? 'From package metadata: not verified'
            : `From the ${repository.source === 'certificate' ? 'signing certificate' : 'provenance predicate'} of an attestation that did not verify: not proven`
      }
    >
      {repository ? <ExternalLink href={repositoryUrl}>{repositoryLabel(repository.value)}</ExternalLink> : null}
      {commit ? (
        <>
          @
          <ExternalLink href={commitUrl} className="font-mono text-sky-700 dark:text-sky-300">
            {commit.value.slice(0, 7)}
          </ExternalLink>
        </>
      ) : null}
      {unverified ? (
        <span className="ml-1 text-[11px] text-zinc-500">{fromMetadata ? '(metadata)' : '(not proven)'}</span>
      ) : null}
    </div>
  );
}
