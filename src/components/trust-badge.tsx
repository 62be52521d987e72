import type { TrustLevel } from '../core/model';

const STYLES: Record<TrustLevel, string> = {
  staged: 'bg-violet-100 text-violet-900 ring-violet-300 dark:bg-violet-950 dark:text-violet-200 dark:ring-violet-800',
  'trusted-publisher':
    'bg-emerald-100 text-emerald-900 ring-emerald-300 dark:bg-emerald-950 dark:text-emerald-200 dark:ring-emerald-800',
  provenance: 'bg-sky-100 text-sky-900 ring-sky-300 dark:bg-sky-950 dark:text-sky-200 dark:ring-sky-800',
  none: 'bg-zinc-100 text-zinc-700 ring-zinc-300 dark:bg-zinc-800 dark:text-zinc-300 dark:ring-zinc-700',
};

export const TRUST_TEXT: Record<TrustLevel, string> = {
  staged: 'Staged publish',
  'trusted-publisher': 'Trusted publisher',
  provenance: 'Provenance',
  none: 'No provenance',
};

/**
 * The level the evidence supports; `pending` marks a level still resting on the
 * registry's claim, `claim` a higher level the registry claims and nothing proves
 * (an approver with no verified attestation): shown beside it, marked "claimed".
 */
export function TrustBadge({ level, pending, claim }: { level: TrustLevel; pending?: boolean; claim?: TrustLevel }) {
  const badge = (
    <span
      className={`inline-flex items-center gap-1 whitespace-nowrap rounded px-1.5 py-0.5 text-xs font-medium ring-1 ring-inset ${STYLES[level]}`}
      title={pending ? 'Claimed by the registry; verification has not finished' : undefined}
    >
      {TRUST_TEXT[level]}
      {pending ? <span className="font-normal opacity-75">(claimed)</span> : null}
    </span>
  );
  // One element unless there is a claim to show beside it (long lists draw many badges).
  if (!claim) return badge;
  return (
    <span className="inline-flex flex-wrap items-center gap-1">
      {badge}
      <span
        data-testid="trust-claim"
        className="inline-flex items-center gap-1 whitespace-nowrap rounded border border-dashed border-violet-400 px-1.5 py-0.5 text-xs text-violet-900 dark:border-violet-700 dark:text-violet-200"
        title="The registry's metadata (_npmUser.approver) claims this; no verified attestation backs it, and the approval itself is never signed"
      >
        {TRUST_TEXT[claim]} <span className="font-normal opacity-75">(claimed)</span>
      </span>
    </span>
  );
}
