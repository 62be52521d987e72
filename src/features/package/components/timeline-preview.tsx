import type { PackagePreviewViews } from '../../../lib/package-data/use-package';
import { TIMELINE_COLUMNS, VersionRow } from './version-row';

/**
 * The first rows of a large package, shown while the whole history is still decoded and
 * analysed: the newest versions, as the timeline will show them before verification,
 * with their findings marked as not known yet. The full timeline replaces it.
 */
export function TimelinePreview({ preview }: { preview: PackagePreviewViews }) {
  const { views, versionCount } = preview;
  return (
    <section aria-labelledby="timeline-preview-heading" data-testid="timeline-preview" className="mt-6">
      <h2 id="timeline-preview-heading" className="text-lg font-semibold">
        Versions{' '}
        <span className="text-sm font-normal text-zinc-500">
          (the newest {views.length} of {versionCount}; the rest are being analysed)
        </span>
      </h2>
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
          {views.map((view, i) => (
            <div key={view.record.version} style={{ height: 80, contain: 'strict' }}>
              <VersionRow view={view} findings={[]} previousVersion={views[i + 1]?.record.version} findingsPending />
            </div>
          ))}
        </div>
      </div>
    </section>
  );
}
