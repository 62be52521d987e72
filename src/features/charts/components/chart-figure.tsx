import { useId, useState, type ReactNode } from 'react';

/**
 * A chart with its text alternatives: a one-sentence summary and a caption that says how
 * to read it, always there, and a data table with the same data, shown on demand. The
 * drawing itself is hidden from assistive technology; the table's links reach the same
 * versions as the marks. The table is not kept in the page while hidden: laying out
 * hundreds of rows on every update made the page sluggish on large packages.
 */
export function ChartFigure({
  testId,
  title,
  summary,
  caption,
  legend,
  table,
  attributes,
  children,
}: {
  testId: string;
  title: string;
  summary: string;
  caption: string;
  legend?: ReactNode;
  table: ReactNode;
  attributes?: Record<`data-${string}`, string>;
  children: ReactNode;
}) {
  const [tableShown, setTableShown] = useState(false);
  const headingId = useId();
  const tableId = useId();
  return (
    <figure
      data-testid={testId}
      aria-labelledby={headingId}
      {...attributes}
      className="min-w-0 rounded-md border border-zinc-200 p-3 dark:border-zinc-800"
    >
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 id={headingId} className="font-semibold">
          {title}
        </h3>
        <button
          type="button"
          aria-expanded={tableShown}
          aria-controls={tableId}
          data-testid={`${testId}-table-toggle`}
          onClick={() => setTableShown((shown) => !shown)}
          className="rounded border border-zinc-300 px-2 py-0.5 text-xs hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
        >
          {tableShown ? 'Hide data table' : 'Show data table'}
        </button>
      </div>
      <p data-testid={`${testId}-summary`} className="mt-1 text-sm text-zinc-800 dark:text-zinc-200">
        {summary}
      </p>
      <div aria-hidden="true" className="mt-2 text-zinc-600 dark:text-zinc-400">
        {children}
      </div>
      {legend}
      <figcaption className="mt-2 text-xs text-zinc-600 dark:text-zinc-400">{caption}</figcaption>
      <div id={tableId} className={tableShown ? 'mt-3 max-h-96 overflow-auto' : undefined}>
        {tableShown ? table : null}
      </div>
    </figure>
  );
}
