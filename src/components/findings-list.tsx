import { useState } from 'react';
import type { Finding, Severity } from '../core/model';
import { packageHref } from '../lib/hrefs';
import { MetaText } from './meta-text';

/**
 * Findings shown before "Show more": a large history can have thousands (one per
 * unavailable attestation, say), and rendering them all made the page slow to appear.
 * They are sorted by severity, so the first ones are the ones that matter.
 */
const FIRST_SHOWN = 25;
const MORE_PER_CLICK = 100;

/** A severity's badge colours, wherever a finding is shown. */
export const SEVERITY_BADGE: Record<Severity, string> = {
  high: 'bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200',
  medium: 'bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200',
  low: 'bg-zinc-200 text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200',
  info: 'bg-sky-100 text-sky-900 dark:bg-sky-950 dark:text-sky-200',
};

/** A finding kind's name, wherever a finding is shown. */
export const FINDING_KIND_TEXT: Record<Finding['kind'], string> = {
  'trust-downgrade': 'Trust downgrade',
  'publisher-change': 'Publisher change',
  'source-change': 'Source change',
  'self-hosted-runner': 'Self-hosted runner',
  'identity-mismatch': 'Certificate / metadata mismatch',
  'verification-failed': 'Verification failed',
  'verification-unavailable': 'Attestations unavailable',
  'install-scripts-added': 'Install scripts',
  'version-removed': 'Removed version',
  'publish-burst': 'Publish burst',
  'unusual-trigger': 'Unusual build trigger',
  'log-time-gap': 'Publish / log time gap',
  'content-mismatch': 'Content mismatch',
};

export function FindingsList({
  findings,
  packageName,
  listed,
  title = 'Findings',
  emptyText,
}: {
  findings: Finding[];
  packageName: string;
  /** The versions the registry lists: only these get a link. */
  listed: ReadonlySet<string>;
  title?: string;
  emptyText: string;
}) {
  const [shown, setShown] = useState(FIRST_SHOWN);
  const visible = findings.slice(0, shown);
  const hidden = findings.length - visible.length;
  return (
    <section aria-labelledby="findings-heading" className="mt-6">
      <h2 id="findings-heading" className="text-lg font-semibold">
        {title} <span className="text-sm font-normal text-zinc-500">({findings.length})</span>
      </h2>
      {findings.length === 0 ? (
        <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">{emptyText}</p>
      ) : (
        <ul className="mt-2 space-y-2">
          {visible.map((finding, index) => (
            <li
              key={`${finding.kind}-${finding.versions.join('-')}-${index}`}
              data-testid="finding"
              data-kind={finding.kind}
              data-severity={finding.severity}
              className="offscreen-skip rounded-md border border-zinc-200 p-3 text-sm dark:border-zinc-800"
            >
              <div className="flex flex-wrap items-center gap-2">
                <span className={`rounded px-1.5 py-0.5 text-xs font-semibold uppercase ${SEVERITY_BADGE[finding.severity]}`}>
                  {finding.severity}
                </span>
                <span className="font-medium">{FINDING_KIND_TEXT[finding.kind]}</span>
                <span className="text-xs text-zinc-500">
                  {finding.versions.map((version, i) => (
                    <span key={version}>
                      {i > 0 ? (finding.versions.length === 2 ? ' vs ' : ', ') : ''}
                      {listed.has(version) ? (
                        <a
                          className="font-mono text-sky-700 hover:underline dark:text-sky-300"
                          href={packageHref(packageName, version)}
                        >
                          <MetaText value={version} max={60} />
                        </a>
                      ) : (
                        // A removed version has no page to link to.
                        <span className="font-mono" title="Not in the registry's version list">
                          <MetaText value={version} max={60} />
                        </span>
                      )}
                    </span>
                  ))}
                </span>
              </div>
              <p className="mt-1 break-words text-zinc-800 dark:text-zinc-200">
                <MetaText value={finding.message} max={1500} expandable />
              </p>
            </li>
          ))}
        </ul>
      )}
      {hidden > 0 ? (
        <div className="mt-2 flex flex-wrap items-center gap-3 text-sm">
          <span className="text-zinc-600 dark:text-zinc-400" data-testid="findings-hidden" data-hidden={hidden}>
            {hidden} more ({summarizeKinds(findings.slice(shown))})
          </span>
          <button
            type="button"
            onClick={() => setShown((n) => n + MORE_PER_CLICK)}
            className="rounded border border-zinc-300 px-2 py-0.5 hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
          >
            Show {Math.min(hidden, MORE_PER_CLICK)} more
          </button>
        </div>
      ) : null}
    </section>
  );
}

function summarizeKinds(findings: Finding[]): string {
  const counts = new Map<Finding['kind'], number>();
  for (const finding of findings) counts.set(finding.kind, (counts.get(finding.kind) ?? 0) + 1);
  return [...counts.entries()].map(([kind, count]) => `${count} ${FINDING_KIND_TEXT[kind].toLowerCase()}`).join(', ');
}
