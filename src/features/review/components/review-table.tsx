import { startTransition, useEffect, useMemo, useState } from 'react';
import type { TrustLevel, VerificationStatus } from '../../../core/model';
import {
  filterReviewRows,
  sortReviewRows,
  REVIEW_SORT_LABELS,
  type IntegrityStatus,
  type ReviewFilter,
  type ReviewFindingKind,
  type ReviewRow as Row,
  type ReviewSort,
} from '../../../core/review';
import { STATUS_TEXT } from '../../../components/status-badge';
import { TRUST_TEXT } from '../../../components/trust-badge';
import { VirtualRows, type RowStyle } from '../../../components/virtual-rows';
import { REVIEW_COLUMNS, REVIEW_FINDING_KIND_TEXT, REVIEW_ROW_HEIGHT_PX, ReviewRow, reviewRowKey } from './review-row';

/** Small reviews render every row (findable with the browser's search); larger ones virtualize. */
const RENDER_ALL_UP_TO = 400;
const NO_ROWS: Row[] = [];
const TRUST_LEVELS: TrustLevel[] = ['staged', 'trusted-publisher', 'provenance', 'none'];
const STATUSES: (VerificationStatus | 'pending')[] = ['verified', 'failed', 'absent', 'unavailable', 'pending'];
const INTEGRITY: IntegrityStatus[] = ['match', 'mismatch', 'unknown'];
const FINDING_KINDS: ReviewFindingKind[] = ['integrity-mismatch', 'trust-downgrade', 'publisher-change', 'install-scripts-added', 'source-change', 'identity-mismatch', 'verification-failed', 'verification-unavailable'];
const SELECT = 'rounded border border-zinc-300 bg-white px-1 py-0.5 dark:border-zinc-700 dark:bg-zinc-900';

/**
 * The rows with their filters and sorting. `reading`: the run has not read its input yet
 * (no rows so far); the table is already in place so that the first rows only fill it.
 */
export function ReviewTable({ rows, reading = false }: { rows: Row[]; reading?: boolean }) {
  // The first rows are drawn a frame after the review appears (its summary and counts):
  // the screen's two first layouts land in different frames, each a short task.
  const [drawRows, setDrawRows] = useState(!reading);
  const hasRows = rows.length > 0;
  useEffect(() => {
    if (drawRows || !hasRows) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => startTransition(() => setDrawRows(true)));
    });
    return () => {
      cancelAnimationFrame(frame);
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [drawRows, hasRows]);
  const [filter, setFilter] = useState<ReviewFilter>({});
  const [sort, setSort] = useState<ReviewSort>('weakness');
  const shown = useMemo(() => sortReviewRows(filterReviewRows(rows, filter), sort), [rows, filter, sort]);
  const choose = <K extends keyof ReviewFilter>(key: K, value: string) =>
    setFilter((f) => ({ ...f, [key]: (value || undefined) as ReviewFilter[K] }));

  return (
    <section aria-labelledby="review-rows-heading" className="mt-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h2 id="review-rows-heading" className="text-lg font-semibold">
          Packages{' '}
          <span data-testid="rows-shown" data-shown={shown.length} className="text-sm font-normal text-zinc-500">
            ({shown.length} of {rows.length})
          </span>
        </h2>
        <div className="flex flex-wrap gap-3 text-sm">
          <label className="flex items-center gap-1">
            Name
            <input
              name="filter-name"
              type="search"
              value={filter.name ?? ''}
              onChange={(e) => choose('name', e.target.value)}
              className={`${SELECT} w-32`}
            />
          </label>
          <FilterSelect label="Trust" name="filter-trust" value={filter.trust} onChange={(v) => choose('trust', v)} options={TRUST_LEVELS.map((l) => [l, TRUST_TEXT[l]])} />
          <FilterSelect label="Verification" name="filter-verification" value={filter.verification} onChange={(v) => choose('verification', v)} options={STATUSES.map((s) => [s, STATUS_TEXT[s]])} />
          <FilterSelect label="Integrity" name="filter-integrity" value={filter.integrity} onChange={(v) => choose('integrity', v)} options={INTEGRITY.map((s) => [s, s])} />
          <FilterSelect label="Dependency" name="filter-placement" value={filter.placement} onChange={(v) => choose('placement', v)} options={[['direct', 'direct'], ['transitive', 'transitive']]} />
          <FilterSelect
            label="Findings"
            name="filter-findings"
            value={filter.findings}
            onChange={(v) => choose('findings', v)}
            options={[['any', 'any finding'], ['none', 'no finding'], ...FINDING_KINDS.map((k): [string, string] => [k, REVIEW_FINDING_KIND_TEXT[k]])]}
          />
          <label className="flex items-center gap-1">
            Sort
            <select name="sort" value={sort} onChange={(e) => setSort(e.target.value as ReviewSort)} className={SELECT}>
              {(Object.keys(REVIEW_SORT_LABELS) as ReviewSort[]).map((key) => (
                <option key={key} value={key}>
                  {REVIEW_SORT_LABELS[key]}
                </option>
              ))}
            </select>
          </label>
        </div>
      </div>
      <div className="mt-2 overflow-x-auto rounded-md border border-zinc-200 dark:border-zinc-800">
        <div className="min-w-[56rem]">
          <div
            aria-hidden="true"
            className={`${REVIEW_COLUMNS} border-b border-zinc-200 bg-zinc-50 px-3 py-1.5 text-xs font-semibold uppercase tracking-wide text-zinc-600 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-400`}
          >
            <span>Package · why it is here</span>
            <span>Trust · verification</span>
            <span>Publisher · source</span>
            <span>Integrity</span>
            <span>Findings</span>
          </div>
          {/* Always mounted (empty while nothing is shown): it measures its place once, when
              the table appears, never in the render that brings the rows. */}
          <VirtualRows
            items={drawRows ? shown : NO_ROWS}
            rowHeight={REVIEW_ROW_HEIGHT_PX}
            rowKey={reviewRowKey}
            renderAllUpTo={RENDER_ALL_UP_TO}
            renderRow={renderReviewRow}
          />
          {shown.length === 0 ? (
            <p className="px-3 py-6 text-sm text-zinc-600 dark:text-zinc-400">
              {reading ? 'Reading…' : rows.length === 0 ? 'No registry package to review.' : 'No package matches these filters.'}
            </p>
          ) : null}
        </div>
      </div>
    </section>
  );
}

function renderReviewRow(row: Row, style: RowStyle) {
  return <ReviewRow row={row} style={style} />;
}

function FilterSelect({
  label,
  name,
  value,
  onChange,
  options,
}: {
  label: string;
  name: string;
  value: string | undefined;
  onChange: (value: string) => void;
  options: [string, string][];
}) {
  return (
    <label className="flex items-center gap-1">
      {label}
      <select name={name} value={value ?? ''} onChange={(e) => onChange(e.target.value)} className={SELECT}>
        <option value="">All</option>
        {options.map(([key, text]) => (
          <option key={key} value={key}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}
