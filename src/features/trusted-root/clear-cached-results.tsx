import { useState } from 'react';
import { clearCachedVerifications } from '../../lib/package-data/verification-store';

/**
 * "Clear cached results": forgets the verification verdicts kept in this browser
 * (src/core/verify/verdict-cache.ts), so that every version is verified again.
 */
export function ClearCachedResults() {
  const [status, setStatus] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function clear() {
    setBusy(true);
    const count = await clearCachedVerifications();
    setBusy(false);
    setStatus(
      `Cleared ${count} cached ${count === 1 ? 'result' : 'results'}: versions are verified again on the next visit.`,
    );
  }

  return (
    <div className="mt-3 border-t border-zinc-200 pt-2 dark:border-zinc-800">
      <p className="text-sm font-medium">Cached verification results</p>
      <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
        Verdicts are kept in this browser, so a revisit shows them without fetching the attestations again. A change of
        registry, of a version&apos;s integrity, of the trusted root or of the app verifies again.
      </p>
      <button
        type="button"
        disabled={busy}
        onClick={() => void clear()}
        className="mt-2 rounded border border-zinc-300 px-3 py-1 text-sm dark:border-zinc-700"
      >
        Clear cached results
      </button>
      <p role="status" className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
        {status}
      </p>
    </div>
  );
}
