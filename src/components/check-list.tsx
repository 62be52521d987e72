import { CHECK_LABELS } from '../core/verify/check-labels';
import type { BundleCheckResult } from '../core/verify/verify-bundle';

const MARK: Record<BundleCheckResult['state'], { text: string; className: string }> = {
  passed: { text: '✓', className: 'text-emerald-700 dark:text-emerald-400' },
  failed: { text: '✗', className: 'text-red-700 dark:text-red-400' },
  'not-run': { text: '·', className: 'text-zinc-500' },
};

const STATE_TEXT: Record<BundleCheckResult['state'], string> = {
  passed: 'passed',
  failed: 'failed',
  'not-run': 'not run',
};

/**
 * The checks inside one bundle's verification, in the order they ran: a mark, the check's
 * name, its state and code, and why. Each row carries `data-check`, `data-state` and, for a
 * failed check, `data-code`; `testId` adds a `data-testid` to each row.
 */
export function CheckList({
  checks,
  label = 'Checks',
  testId,
  className = 'mt-2 text-xs',
}: {
  checks: readonly BundleCheckResult[];
  label?: string;
  testId?: string;
  className?: string;
}) {
  if (checks.length === 0) return null;
  return (
    <ol className={`grid gap-0.5 ${className}`} aria-label={label}>
      {checks.map((check) => (
        <li
          key={check.name}
          data-check={check.name}
          data-state={check.state}
          {...(check.code ? { 'data-code': check.code } : {})}
          {...(testId ? { 'data-testid': testId } : {})}
          className="min-w-0 break-words"
        >
          <span aria-hidden="true" className={`mr-1 ${MARK[check.state].className}`}>
            {MARK[check.state].text}
          </span>
          {CHECK_LABELS[check.name]}:{' '}
          <span className={check.state === 'failed' ? 'font-semibold text-red-700 dark:text-red-400' : ''}>
            {STATE_TEXT[check.state]}
          </span>
          {check.code ? <code className="ml-1 text-xs text-zinc-600 dark:text-zinc-400">{check.code}</code> : null}
          {check.message ? <span className="text-zinc-600 dark:text-zinc-400"> — {check.message}</span> : null}
        </li>
      ))}
    </ol>
  );
}
