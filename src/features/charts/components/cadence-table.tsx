import type { CadenceSeries } from '../../../core/analysis/chart-series';
import { CELL, ColumnHead, PeriodHead } from './table-cells';

/** The cadence chart as a table: versions per period and publisher. */
export function CadenceTable({ series }: { series: CadenceSeries }) {
  const filled = series.buckets.filter((bucket) => bucket.total > 0);
  return (
    <table data-testid="cadence-chart-table" className="w-full text-xs tabular-nums">
      <caption className="text-left text-xs text-zinc-600 dark:text-zinc-400">
        Versions published per {series.unit} and publisher, oldest first ({series.unit}s with no version left out)
      </caption>
      <thead>
        <tr>
          <PeriodHead unit={series.unit} />
          {series.groups.map((group) => (
            <ColumnHead key={group.key}>
              {group.label}
              {group.kind === 'trusted-publisher' ? ' (trusted publisher)' : ''}
            </ColumnHead>
          ))}
          <ColumnHead>Total</ColumnHead>
        </tr>
      </thead>
      <tbody>
        {filled.map((bucket) => (
          <tr key={bucket.key} data-period={bucket.key}>
            <th scope="row" className={`${CELL} font-normal`}>
              {bucket.key}
            </th>
            {series.groups.map((group, i) => (
              <td key={group.key} className={CELL}>
                {bucket.counts[i] ?? 0}
              </td>
            ))}
            <td className={CELL}>{bucket.total}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
