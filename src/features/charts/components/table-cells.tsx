import type { ReactNode } from 'react';
import type { BucketUnit } from '../../../core/analysis/chart-series';

// The cells of the charts' tables (the text alternatives of the charts).
export const CELL = 'border-b border-zinc-100 px-2 py-1 text-left dark:border-zinc-800';
const HEAD = `${CELL} font-semibold text-zinc-600 dark:text-zinc-400`;

/** A column header. */
export function ColumnHead({ children }: { children: ReactNode }) {
  return (
    <th scope="col" className={HEAD}>
      {children}
    </th>
  );
}

/** The header of the period column, which names what each row counts by. */
export function PeriodHead({ unit }: { unit: BucketUnit }) {
  return <ColumnHead>{unit === 'week' ? 'Week of' : unit === 'year' ? 'Year' : 'Month'}</ColumnHead>;
}
