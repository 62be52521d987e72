import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState } from 'react';
import {
  filterVersions,
  previousVersions,
  releaseLines,
  type TimelineFilter,
} from '../../../core/analysis/timeline-filter';
import type { Finding, TrustLevel, VersionView } from '../../../core/model';
import { TRUST_TEXT } from '../../../components/trust-badge';
import { TIMELINE_COLUMNS, VersionRow } from './version-row';
import { displayText } from '../../../core/text/display-text';

/**
 * Every row has this height (its content is laid out to fit): with a fixed height the
 * virtualizer never measures rows, and scrolling changes neither the page's height nor
 * its layout above the list, so each frame only moves a few rows in and out.
 */
const ROW_HEIGHT_PX = 80;
/** Small histories render every row (cheap, and findable by search); large ones virtualize. */
const RENDER_ALL_UP_TO = 200;
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
          {shown.length === 0 ? (
            <p className="px-3 py-6 text-sm text-zinc-600 dark:text-zinc-400">No version matches these filters.</p>
          ) : (
            <VirtualRows versions={shown} findings={findings} previous={previous} />
          )}
        </div>
      </div>
    </section>
  );
}

function VirtualRows({
  versions,
  findings,
  previous,
}: {
  versions: VersionView[];
  findings: Finding[];
  previous: ReadonlyMap<string, string>;
}) {
  const listRef = useRef<HTMLDivElement>(null);
  const [scrollMargin, setScrollMargin] = useState(0);
  // The list starts below the summary and the findings, whose height changes as results
  // stream in: the virtualizer needs the list's current offset in the page. Read when the
  // page's size changes, in the ResizeObserver's callback, which runs after layout: never
  // a forced layout, and never during scrolling. Until the first reading the rows are
  // placed as if the page were at its top, which it is when the list first appears.
  useEffect(() => {
    const element = listRef.current;
    if (!element) return;
    const observer = new ResizeObserver(() =>
      setScrollMargin(Math.round(element.getBoundingClientRect().top + window.scrollY)),
    );
    observer.observe(document.body);
    return () => observer.disconnect();
  }, []);
  const virtualizer = useWindowVirtualizer({
    scrollMargin,
    count: versions.length,
    estimateSize: () => ROW_HEIGHT_PX,
    // Let React batch the scroll updates instead of rendering synchronously in the handler.
    useFlushSync: false,
    overscan: versions.length <= RENDER_ALL_UP_TO ? RENDER_ALL_UP_TO : 10,
    getItemKey: (index) => versions[index]?.record.version ?? index,
  });
  const items = virtualizer.getVirtualItems();
  return (
    <div ref={listRef} style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
      <div
        style={{
          position: 'absolute',
          top: 0,
          left: 0,
          width: '100%',
          transform: `translateY(${(items[0]?.start ?? 0) - scrollMargin}px)`,
        }}
      >
        {items.map((item) => {
          const view = versions[item.index];
          if (!view) return null;
          return (
            <div key={item.key} style={{ height: ROW_HEIGHT_PX, contain: 'strict' }}>
              <VersionRow view={view} findings={findings} previousVersion={previous.get(view.record.version)} />
            </div>
          );
        })}
      </div>
    </div>
  );
}
