import { formatCount } from '../core/text/count';
const UNITS: [RelativeUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

type RelativeUnit = 'year' | 'month' | 'week' | 'day' | 'hour' | 'minute';

/**
 * What `Intl.RelativeTimeFormat('en', { numeric: 'auto' })` says for a whole number of
 * units, written out by hand: a page's first `Intl.RelativeTimeFormat` loads ICU's data
 * (60–110 ms of main thread in a fresh page), which landed in the task that mounts the
 * package screen's timeline. The unit test checks every case against Intl itself.
 */
export function formatRelativeUnits(value: number, unit: RelativeUnit): string {
  if (unit === 'day') {
    if (value === -1) return 'yesterday';
    if (value === 1) return 'tomorrow';
  } else if (unit === 'year' || unit === 'month' || unit === 'week') {
    if (value === -1) return `last ${unit}`;
    if (value === 1) return `next ${unit}`;
  }
  if (value === 0) return unit === 'day' ? 'today' : `this ${unit}`;
  const size = Math.abs(value);
  const amount = `${formatCount(size)} ${unit}${size === 1 ? '' : 's'}`;
  return value < 0 ? `${amount} ago` : `in ${amount}`;
}

export function formatRelative(iso: string, now: number = Date.now()): string {
  const seconds = (Date.parse(iso) - now) / 1000;
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return formatRelativeUnits(Math.round(seconds / size), unit);
  }
  return 'just now';
}

/** `YYYY-MM-DD HH:MM UTC`: unambiguous, and the same for every reviewer. */
export function formatAbsolute(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** `className`: for the element itself (a grid cell, say), so no wrapper is needed. */
export function RelativeTime({ iso, className }: { iso: string | undefined; className?: string }) {
  if (!iso) return <span className={className ? `${className} text-zinc-500` : 'text-zinc-500'}>unknown</span>;
  return (
    <time dateTime={iso} title={formatAbsolute(iso)} className={className}>
      {formatRelative(iso)}
      <span className="block text-[11px] text-zinc-500 dark:text-zinc-400">{formatAbsolute(iso)}</span>
    </time>
  );
}
