// The dependency review's politeness setting: how many registry requests it keeps in
// flight at most (packuments while resolving, package histories while fetching).
// No imports: the settings form in the app's first bundle reads it.

/** npm's CLI uses as many for its fetches: polite to the public registry. */
export const DEFAULT_CONCURRENCY = 8;
export const MIN_CONCURRENCY = 1;
export const MAX_CONCURRENCY = 32;

export type ConcurrencyParse = { ok: true; value: number } | { ok: false; message: string };

/** A whole number from 1 to 32, as typed in the settings (blank is the default, 8). */
export function parseConcurrency(raw: string): ConcurrencyParse {
  const text = raw.trim();
  if (text === '') return { ok: true, value: DEFAULT_CONCURRENCY };
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(value) || value < MIN_CONCURRENCY || value > MAX_CONCURRENCY) {
    return {
      ok: false,
      message: `Registry requests at once must be a whole number from ${MIN_CONCURRENCY} to ${MAX_CONCURRENCY} (default ${DEFAULT_CONCURRENCY}); "${text.slice(0, 20)}" is not.`,
    };
  }
  return { ok: true, value };
}
