import type { Finding, Severity } from '../../../core/model';
import { packageHref } from '../../../app/routes';

const BADGE: Record<Severity, string> = {
  high: 'bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200',
  medium: 'bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200',
  low: 'bg-zinc-200 text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200',
  info: 'bg-sky-100 text-sky-900 dark:bg-sky-950 dark:text-sky-200',
};

const KIND_TEXT: Record<Finding['kind'], string> = {
  'trust-downgrade': 'Trust downgrade',
  'publisher-change': 'Publisher change',
  'source-change': 'Source change',
  'self-hosted-runner': 'Self-hosted runner',
  'identity-mismatch': 'Certificate / metadata mismatch',
  'verification-failed': 'Verification failed',
  'verification-unavailable': 'Attestations unavailable',
};

export function FindingsList({
  findings,
  packageName,
  title = 'Findings',
  emptyText,
}: {
  findings: Finding[];
  packageName: string;
  title?: string;
  emptyText: string;
}) {
  return (
    <section aria-labelledby="findings-heading" className="mt-6">
      <h2 id="findings-heading" className="text-lg font-semibold">
        {title} <span className="text-sm font-normal text-zinc-500">({findings.length})</span>
      </h2>
      {findings.length === 0 ? (
        <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">{emptyText}</p>
      ) : (
        <ul className="mt-2 space-y-2">
          {findings.map((finding, index) => (
            <li
              key={`${finding.kind}-${finding.versions.join('-')}-${index}`}
              data-testid="finding"
              data-kind={finding.kind}
              data-severity={finding.severity}
              className="rounded-md border border-zinc-200 p-3 text-sm dark:border-zinc-800"
            >
              <div className="flex flex-wrap items-center gap-2">
                <span className={`rounded px-1.5 py-0.5 text-xs font-semibold uppercase ${BADGE[finding.severity]}`}>{finding.severity}</span>
                <span className="font-medium">{KIND_TEXT[finding.kind]}</span>
                <span className="text-xs text-zinc-500">
                  {finding.versions.map((version, i) => (
                    <span key={version}>
                      {i > 0 ? ' vs ' : ''}
                      <a className="font-mono text-sky-700 hover:underline dark:text-sky-300" href={packageHref(packageName, version)}>
                        {version}
                      </a>
                    </span>
                  ))}
                </span>
              </div>
              <p className="mt-1 text-zinc-800 dark:text-zinc-200">{finding.message}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
