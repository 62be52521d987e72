// The dependency review's registry concurrency (how many requests it keeps in flight),
// saved in this browser by the registry settings form; 8 when nothing valid is saved.
import { useSyncExternalStore } from 'react';
import { DEFAULT_CONCURRENCY, parseConcurrency } from '../core/review/concurrency';
import { settingListeners } from './setting-listeners';
import { storedSetting } from './stored-setting';

// Where storage is blocked, the default applies.
const stored = storedSetting('provenance-explorer.review-concurrency');
const { subscribe, notify } = settingListeners();

/** The saved value, or the default (a value edited by hand to something invalid is ignored). */
export function currentReviewConcurrency(): number {
  const saved = stored.get();
  if (saved === null) return DEFAULT_CONCURRENCY;
  const parsed = parseConcurrency(saved);
  return parsed.ok ? parsed.value : DEFAULT_CONCURRENCY;
}

export function useReviewConcurrency(): number {
  return useSyncExternalStore(subscribe, currentReviewConcurrency);
}

/**
 * Saves the value typed in the settings (blank or the default removes it). Throws an
 * Error with a readable message when it is not a whole number from 1 to 32.
 */
export function saveReviewConcurrency(input: string): number {
  const parsed = parseConcurrency(input);
  if (!parsed.ok) throw new Error(parsed.message);
  stored.set(parsed.value === DEFAULT_CONCURRENCY ? null : String(parsed.value));
  notify();
  return parsed.value;
}
