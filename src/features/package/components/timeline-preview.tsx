import { useMemo } from 'react';
import type { PackagePreviewViews } from '../../../lib/package-data/use-package';
import type { Finding } from '../../../core/model';
import { VirtualRows } from '../../../components/virtual-rows';
import { TimelineColumnsHeader, VERSION_ROW_HEIGHT_PX, VersionRow, versionKey } from './version-row';

const NO_FINDINGS: Finding[] = [];

/**
 * The first rows of a package, shown while the whole history is still decoded and
 * analysed: the newest versions, as the timeline will show them before verification,
 * with their findings marked as not known yet. The full timeline replaces it.
 */
export function TimelinePreview({ preview }: { preview: PackagePreviewViews }) {
  const { views, versionCount } = preview;
  // The version published before each, among these newest ones (newest first).
  const previous = useMemo(() => {
    const before = new Map<string, string>();
    views.forEach((view, i) => {
      const next = views[i + 1];
      if (next) before.set(view.record.version, next.record.version);
    });
    return before;
  }, [views]);
  return (
    <section aria-labelledby="timeline-preview-heading" data-testid="timeline-preview" className="mt-6">
      <h2 id="timeline-preview-heading" className="text-lg font-semibold">
        Versions{' '}
        <span className="text-sm font-normal text-zinc-500">
          {versionCount === undefined
            ? `(the newest ${views.length}; the rest are being read)`
            : versionCount === views.length
              ? `(${versionCount}; their history is being analysed)`
              : `(the newest ${views.length} of ${versionCount}; the rest are being analysed)`}
        </span>
      </h2>
      <div className="mt-2 overflow-x-auto rounded-md border border-zinc-200 dark:border-zinc-800">
        <div className="min-w-[56rem]">
          <TimelineColumnsHeader />
          <VirtualRows
            items={views}
            rowHeight={VERSION_ROW_HEIGHT_PX}
            rowKey={versionKey}
            // Only the rows in the window: the first row is on screen sooner.
            renderAllUpTo={0}
            // The window's rows first (the first row is this screen's first paint), the
            // rows either side once the list is laid out.
            overscanAfterLayout
            renderRow={(view, style) => (
              <VersionRow
                view={view}
                findings={NO_FINDINGS}
                previousVersion={previous.get(view.record.version)}
                findingsPending
                style={style}
              />
            )}
          />
        </div>
      </div>
    </section>
  );
}
