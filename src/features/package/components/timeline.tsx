import { useMemo, useState } from 'react';
import {
  filterVersions,
  previousVersions,
  releaseLines,
  type TimelineFilter,
} from '../../../core/analysis/timeline-filter';
import type { Finding, TrustLevel, VersionView } from '../../../core/model';
import { TRUST_TEXT } from '../../../components/trust-badge';
import { VirtualRows } from '../../../components/virtual-rows';
import { TimelineColumnsHeader, VERSION_ROW_HEIGHT_PX, VersionRow, versionKey } from './version-row';
import { displayText } from '../../../core/text/display-text';

const TRUST_LEVELS: TrustLevel[] = ['staged', 'trusted-publisher', 'provenance', 'none'];

export function Timeline({ versions, findings }: { versions: VersionView[]; findings: Finding[] }) {
  const [filter, setFilter] = useState<TimelineFilter>({});
  const lines = useMemo(() => releaseLines(versions), [versions]);
  const shown = useMemo(() => filterVersions(versions, filter), [versions, filter]);
  // "Previous" is by publish time over the whole history, whatever the filters show.
  const previous = useMemo(() => previousVersions(versions), [versions]);

  return (
    <section aria-labelledby="timeline-heading" className="mt-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h2 id="timeline-heading" className="text-lg font-semibold">
          Versions{' '}
          <span className="text-sm font-normal text-zinc-500">
            ({shown.length} of {versions.length}, newest first)
          </span>
        </h2>
        <div className="flex flex-wrap gap-3 text-sm">
          <label className="flex items-center gap-1">
            Release line
            <select
              name="release-line"
              value={filter.line ?? ''}
              onChange={(e) => setFilter((f) => ({ ...f, line: e.target.value || undefined }))}
              className="rounded border border-zinc-300 bg-white px-1 py-0.5 dark:border-zinc-700 dark:bg-zinc-900"
            >
              <option value="">All</option>
              {lines.map(({ line, count }) => (
                <option key={line} value={line}>
                  {/^\d+$/.test(line) ? `${line}.x` : displayText(line, 40).text} ({count})
                </option>
              ))}
            </select>
          </label>
          <label className="flex items-center gap-1">
            Trust level
            <select
              name="trust-level"
              value={filter.trust ?? ''}
              onChange={(e) =>
                setFilter((f) => ({ ...f, trust: (e.target.value || undefined) as TrustLevel | undefined }))
              }
              className="rounded border border-zinc-300 bg-white px-1 py-0.5 dark:border-zinc-700 dark:bg-zinc-900"
            >
              <option value="">All</option>
              {TRUST_LEVELS.map((level) => (
                <option key={level} value={level}>
                  {TRUST_TEXT[level]}
                </option>
              ))}
            </select>
          </label>
        </div>
      </div>
      <div className="mt-2 overflow-x-auto rounded-md border border-zinc-200 dark:border-zinc-800">
        <div className="min-w-[56rem]">
          <TimelineColumnsHeader />
          {shown.length === 0 ? (
            <p className="px-3 py-6 text-sm text-zinc-600 dark:text-zinc-400">No version matches these filters.</p>
          ) : (
            <VirtualRows
              items={shown}
              rowHeight={VERSION_ROW_HEIGHT_PX}
              rowKey={versionKey}
              // Below the summary, charts and findings: its rows come once its place is
              // known, only those near the window (not a window's worth at its top).
              rowsAfterLayout
              renderRow={(view, style) => (
                <VersionRow
                  view={view}
                  findings={findings}
                  previousVersion={previous.get(view.record.version)}
                  style={style}
                />
              )}
            />
          )}
        </div>
      </div>
    </section>
  );
}

