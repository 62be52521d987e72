// "3 years ago", "yesterday", "in 2 hours": what Intl.RelativeTimeFormat('en', { numeric:
// 'auto' }) writes for the units of components/relative-time.tsx, without Intl. A page's
// first Intl.RelativeTimeFormat loads ICU's data: 60–130 ms of main thread in one task
// when the version's detail first rendered its publish time.

type Unit = 'year' | 'month' | 'week' | 'day' | 'hour' | 'minute';

const UNITS: [Unit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** The words `numeric: 'auto'` uses for -1, 0 and 1 of a unit, where English has them. */
const NAMED: Partial<Record<Unit, [string, string, string]>> = {
  year: ['last year', 'this year', 'next year'],
  month: ['last month', 'this month', 'next month'],
  week: ['last week', 'this week', 'next week'],
  day: ['yesterday', 'today', 'tomorrow'],
};

/** `value` of `unit` as Intl's 'en' relative time format writes it (numeric: 'auto'). */
export function relativeEn(value: number, unit: Unit): string {
  const named = NAMED[unit];
  if (named && (value === -1 || value === 0 || value === 1)) return named[value + 1] as string;
  if (value === 0) return `this ${unit}`;
  const count = Math.abs(value);
  const words = `${grouped(count)} ${unit}${count === 1 ? '' : 's'}`;
  return value < 0 ? `${words} ago` : `in ${words}`;
}

/** How long ago (or ahead) `iso` is from `now`, in the largest unit that fits; "just now" under a minute. */
export function formatRelativeEn(iso: string, now: number = Date.now()): string {
  const seconds = (Date.parse(iso) - now) / 1000;
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return relativeEn(Math.round(seconds / size), unit);
  }
  return 'just now';
}

function grouped(n: number): string {
  const digits = String(n);
  let out = digits.slice(0, digits.length % 3 || 3);
  for (let at = out.length; at < digits.length; at += 3) out += `,${digits.slice(at, at + 3)}`;
  return out;
}
