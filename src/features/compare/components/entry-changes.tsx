import type { EntryChange, EntryChangeKind } from '../../../core/analysis/compare-versions';

const KIND_STYLE: Record<EntryChangeKind, { sign: string; className: string }> = {
  added: { sign: '+', className: 'text-emerald-800 dark:text-emerald-300' },
  removed: { sign: '−', className: 'text-red-700 dark:text-red-400' },
  changed: { sign: '~', className: 'text-amber-800 dark:text-amber-300' },
};

/** Dependencies or install scripts that differ, each saying how in words. */
export function EntryChanges({ changes, testId }: { changes: EntryChange[]; testId: string }) {
  if (changes.length === 0) return null;
  return (
    <ul className="mt-1 space-y-0.5 text-xs" data-testid={testId}>
      {changes.map((change) => (
        <li key={change.name} data-kind={change.kind} data-name={change.name} className="break-all">
          <span aria-hidden="true" className={`mr-1 font-mono font-semibold ${KIND_STYLE[change.kind].className}`}>
            {KIND_STYLE[change.kind].sign}
          </span>
          <span className="font-mono">{change.name}</span>{' '}
          <span className={KIND_STYLE[change.kind].className}>{change.kind}</span>
          {change.kind === 'changed' ? (
            <>
              : <code>{change.from}</code> → <code>{change.to}</code>
            </>
          ) : (
            <>
              : <code>{change.kind === 'added' ? change.to : change.from}</code>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
