import { periodLabel, TRUST_LEVELS_ASCENDING, type TrustSeries } from '../../../core/analysis/chart-series';
import { packageHref } from '../../../lib/hrefs';
import { StatusBadge } from '../../../components/status-badge';
import { TRUST_TEXT, TrustBadge } from '../../../components/trust-badge';

const CELL = 'border-b border-zinc-100 px-2 py-1 text-left dark:border-zinc-800';
const HEAD = `${CELL} font-semibold text-zinc-600 dark:text-zinc-400`;

/** The trust chart as a table: one row per version, or per period when aggregated. */
export function TrustTable({ series, packageName }: { series: TrustSeries; packageName: string }) {
  if (series.aggregated) return <TrustBucketTable series={series} />;
  return (
    <table data-testid="trust-chart-table" className="w-full text-xs">
      <caption className="text-left text-xs text-zinc-600 dark:text-zinc-400">
        Trust level and verification of each version of {packageName}, oldest first
      </caption>
      <thead>
        <tr>
          <th scope="col" className={HEAD}>
            Published
          </th>
          <th scope="col" className={HEAD}>
            Version
          </th>
          <th scope="col" className={HEAD}>
            Trust level
          </th>
          <th scope="col" className={HEAD}>
            Verification
          </th>
        </tr>
      </thead>
      <tbody>
        {series.marks.map((mark) => (
          <tr key={mark.version} data-version={mark.version}>
            <td className={CELL}>{mark.day}</td>
            <th scope="row" className={`${CELL} font-normal`}>
              <a
                href={packageHref(packageName, mark.version)}
                className="font-mono text-sky-700 hover:underline dark:text-sky-300"
              >
                {mark.version}
              </a>
            </th>
            <td className={CELL}>
              <TrustBadge level={mark.trust} pending={mark.claimed} />
            </td>
            <td className={CELL}>
              <StatusBadge status={mark.status} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function TrustBucketTable({ series }: { series: TrustSeries }) {
  const unit = series.unit ?? 'month';
  const levels = [...TRUST_LEVELS_ASCENDING].reverse();
  const filled = series.buckets.filter((bucket) => bucket.total > 0);
  return (
    <table data-testid="trust-chart-table" className="w-full text-xs tabular-nums">
      <caption className="text-left text-xs text-zinc-600 dark:text-zinc-400">
        Versions per {unit} and trust level, oldest first ({unit}s with no version left out)
      </caption>
      <thead>
        <tr>
          <th scope="col" className={HEAD}>
            {unit === 'week' ? 'Week of' : unit === 'year' ? 'Year' : 'Month'}
          </th>
          {levels.map((level) => (
            <th key={level} scope="col" className={HEAD}>
              {TRUST_TEXT[level]}
            </th>
          ))}
          <th scope="col" className={HEAD}>
            Failed
          </th>
          <th scope="col" className={HEAD}>
            Unavailable
          </th>
          <th scope="col" className={HEAD}>
            Verifying
          </th>
          <th scope="col" className={HEAD}>
            Total
          </th>
        </tr>
      </thead>
      <tbody>
        {filled.map((bucket) => (
          <tr key={bucket.key} data-period={bucket.key}>
            <th scope="row" className={`${CELL} font-normal`} title={periodLabel(bucket.key, unit)}>
              {bucket.key}
            </th>
            {levels.map((level) => (
              <td key={level} className={CELL}>
                {bucket.counts[level]}
              </td>
            ))}
            <td className={CELL}>{bucket.failed}</td>
            <td className={CELL}>{bucket.unavailable}</td>
            <td className={CELL}>{bucket.pending}</td>
            <td className={CELL}>{bucket.total}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
