// Small helpers the finding rules share to write their sentences: dates, durations,
// lists of versions and untrusted text (install-script commands) made safe to quote.
// The screens use the date helpers too, so that a date reads the same everywhere.
// Everything here is plain text: the UI renders messages as text, never as HTML.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** `2026-01-19` (UTC) from an ISO time or milliseconds since the epoch: the one way dates read. */
export function day(time: string | number | undefined): string {
  const iso = typeof time === 'number' && Number.isFinite(time) ? new Date(time).toISOString() : time;
  return typeof iso === 'string' && iso ? iso.slice(0, 10) : 'unknown date';
}

/** `2026-01-19 06:33 UTC`, or `2026-01-19 06:33:43 UTC` with seconds. */
export function utc(ms: number, seconds = false): string {
  if (!Number.isFinite(ms)) return 'an unknown time';
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, seconds ? 19 : 16)} UTC`;
}

/**
 * Rekor's integratedTime (unix seconds, as a string from the bundle: untrusted text) in
 * milliseconds; NaN when unusable. The one reader of it, for the findings and the screens.
 */
export function logTimeMs(value: string | undefined): number {
  if (!value || !/^\d{1,12}$/.test(value)) return Number.NaN;
  const seconds = Number(value);
  return seconds > 0 ? seconds * 1000 : Number.NaN;
}

/** Rekor's integratedTime as an ISO time, when it is a real date. */
export function loggedAt(value: string | undefined): string | undefined {
  const ms = logTimeMs(value);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

/** Milliseconds since the epoch for an ISO time; NaN when missing or not a date. */
export function timeOf(iso: string | undefined): number {
  return iso ? Date.parse(iso) : Number.NaN;
}

/**
 * A duration in words, to the precision a reader needs: `41 seconds`, `9 minutes 4 seconds`,
 * `4 hours 23 minutes`, `2 days 21 hours`, `12 days`. Hours and minutes are never rounded
 * up into the next unit, so a gap just under a threshold never reads as the threshold.
 */
export function duration(ms: number): string {
  const abs = Math.abs(ms);
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (abs < MINUTE) return plural(Math.floor(abs / 1000), 'second');
  if (abs < HOUR) {
    const minutes = Math.floor(abs / MINUTE);
    const seconds = Math.floor((abs % MINUTE) / 1000);
    return seconds ? `${plural(minutes, 'minute')} ${plural(seconds, 'second')}` : plural(minutes, 'minute');
  }
  if (abs < 2 * DAY) {
    const hours = Math.floor(abs / HOUR);
    const minutes = Math.floor((abs % HOUR) / MINUTE);
    return minutes ? `${plural(hours, 'hour')} ${plural(minutes, 'minute')}` : plural(hours, 'hour');
  }
  if (abs < 7 * DAY) {
    const days = Math.floor(abs / DAY);
    const hours = Math.floor((abs % DAY) / HOUR);
    return hours ? `${plural(days, 'day')} ${plural(hours, 'hour')}` : plural(days, 'day');
  }
  return plural(Math.floor(abs / DAY), 'day');
}

/** A message as a sentence of a longer text: ends with a full stop unless it has its own. */
export function asSentence(message: string): string {
  const text = message.trim();
  return text === '' || /[.!?]$/.test(text) ? text : `${text}.`;
}

/** `a`, `a and b`, `a, b and c`; beyond `max` items the middle is elided: `a, b, … (7 more) and z`. */
export function listText(items: string[], max = 6): string {
  if (items.length <= 1) return items[0] ?? '';
  if (items.length > max) {
    const head = items.slice(0, max - 2);
    const tail = items.at(-1) as string;
    return `${head.join(', ')}, … (${items.length - head.length - 1} more) and ${tail}`;
  }
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** The longest command text quoted in a message; longer ones are cut, saying how long they are. */
export const MAX_COMMAND_CHARS = 100;

/**
 * An untrusted command (an install script) made safe to quote in a sentence: control
 * characters and runs of whitespace become one space, and bidirectional-override
 * characters, which could make the text display as something it is not, are shown as
 * escapes (`\u202e`). Long commands are cut at {@link MAX_COMMAND_CHARS}.
 */
export function quoteCommand(command: string): string {
  const visible = command
    // eslint-disable-next-line no-control-regex -- control characters are what this removes
    .replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ')
    .replace(
      /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    )
    .replace(/\s+/g, ' ')
    .trim();
  const chars = [...visible];
  if (chars.length <= MAX_COMMAND_CHARS) return `"${visible}"`;
  return `"${chars.slice(0, MAX_COMMAND_CHARS - 1).join('')}…" (${chars.length} characters)`;
}

/** `refs/heads/main` → `main`; `refs/tags/v1.0.0` → `v1.0.0`. */
export function shortRef(ref: string): string {
  return ref.replace(/^refs\/(?:heads|tags)\//, '');
}

/** A commit hash shortened for a sentence (the full hash is in the version's detail view). */
export function shortCommit(commit: string): string {
  return /^[0-9a-f]{40,64}$/i.test(commit) ? commit.slice(0, 12) : commit;
}
