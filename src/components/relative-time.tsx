const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

// Made at first use, not when the module loads: a page's first Intl.RelativeTimeFormat
// loads ICU's data (60–110 ms of main thread in a fresh page here), which a screen that
// shows no relative time (#/verify imports this module) should not pay.
let relative: Intl.RelativeTimeFormat | undefined;

export function formatRelative(iso: string, now: number = Date.now()): string {
  const seconds = (Date.parse(iso) - now) / 1000;
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) {
      relative ??= new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
      return relative.format(Math.round(seconds / size), unit);
    }
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
