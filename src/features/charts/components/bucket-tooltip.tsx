/** The tooltip of a stacked bar: the period, then each non-zero count. */
export function BucketTooltip({
  title,
  rows,
}: {
  title: string;
  rows: { label: string; value: number; color?: string }[];
}) {
  return (
    <div className="rounded border border-zinc-300 bg-white px-2 py-1 text-xs text-zinc-900 shadow dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100">
      <div className="font-semibold">{title}</div>
      <ul>
        {rows
          .filter((row) => row.value > 0)
          .map((row) => (
            <li key={row.label} className="flex items-center justify-between gap-3">
              <span className="flex items-center gap-1">
                {row.color ? <span className="inline-block h-2 w-2" style={{ background: row.color }} /> : null}
                {row.label}
              </span>
              <span className="tabular-nums">{row.value}</span>
            </li>
          ))}
      </ul>
    </div>
  );
}
