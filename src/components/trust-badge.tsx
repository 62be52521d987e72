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

export function TrustBadge({ level, pending }: { level: TrustLevel; pending?: boolean }) {
  return (
    <span
      className={`inline-flex items-center gap-1 whitespace-nowrap rounded px-1.5 py-0.5 text-xs font-medium ring-1 ring-inset ${STYLES[level]}`}
      title={pending ? 'Claimed by the registry; verification has not finished' : undefined}
    >
      {TRUST_TEXT[level]}
      {pending ? <span className="font-normal opacity-75">(claimed)</span> : null}
    </span>
  );
}
