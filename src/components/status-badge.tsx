import type { VerificationStatus } from '../core/model';

export type DisplayStatus = VerificationStatus | 'pending';

const STYLES: Record<DisplayStatus, { text: string; className: string; icon: string }> = {
  verified: { text: 'Verified', icon: '✓', className: 'text-emerald-800 dark:text-emerald-300' },
  failed: { text: 'Failed', icon: '✗', className: 'text-red-700 font-semibold dark:text-red-400' },
  absent: { text: 'No attestation', icon: '–', className: 'text-zinc-600 dark:text-zinc-400' },
  unavailable: { text: 'Unavailable', icon: '?', className: 'text-amber-800 dark:text-amber-300' },
  pending: { text: 'Verifying…', icon: '…', className: 'text-zinc-500 dark:text-zinc-400' },
};

export function StatusBadge({ status }: { status: DisplayStatus }) {
  const style = STYLES[status];
  return (
    <span className={`inline-flex items-center gap-1 whitespace-nowrap text-xs ${style.className}`}>
      <span aria-hidden="true">{style.icon}</span>
      {style.text}
    </span>
  );
}

/**
 * The same badge as one element (long lists draw one per row): the icon is the element's
 * `::before` (index.css `.status-icon`), hidden from assistive technology as the
 * badge's icon is.
 */
export function StatusText({ status }: { status: DisplayStatus }) {
  const style = STYLES[status];
  return (
    <span data-icon={style.icon} className={`status-icon inline-flex items-center gap-1 whitespace-nowrap text-xs ${style.className}`}>
      {style.text}
    </span>
  );
}

/** What each status is called (filters and legends). */
export const STATUS_TEXT = Object.fromEntries(
  Object.entries(STYLES).map(([status, style]) => [status, style.text]),
) as Record<DisplayStatus, string>;
