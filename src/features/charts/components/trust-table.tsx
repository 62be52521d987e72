import { periodLabel, TRUST_LEVELS_ASCENDING, type TrustSeries } from '../../../core/analysis/chart-series';
import { packageHref } from '../../../lib/hrefs';
import { StatusBadge } from '../../../components/status-badge';
import { TRUST_TEXT, TrustBadge } from '../../../components/trust-badge';
import { CELL, ColumnHead, PeriodHead } from './table-cells';

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
          <ColumnHead>Published</ColumnHead>
          <ColumnHead>Version</ColumnHead>
          <ColumnHead>Trust level</ColumnHead>
          <ColumnHead>Verification</ColumnHead>
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
          <PeriodHead unit={unit} />
          {levels.map((level) => (
            <ColumnHead key={level}>{TRUST_TEXT[level]}</ColumnHead>
          ))}
          <ColumnHead>Failed</ColumnHead>
          <ColumnHead>Unavailable</ColumnHead>
          <ColumnHead>Verifying</ColumnHead>
          <ColumnHead>Total</ColumnHead>
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
