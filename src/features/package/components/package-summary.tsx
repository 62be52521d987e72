import type { PackageSummary as Summary, Severity } from '../../../core/model';
import { TrustBadge } from '../../../components/trust-badge';
import type { VerificationProgress } from '../../../lib/package-data/use-package-verifications';
import { MetaText } from '../../../components/meta-text';

const SEVERITY_STYLE: Record<Severity, string> = {
  high: 'text-red-700 dark:text-red-400',
  medium: 'text-amber-700 dark:text-amber-300',
  low: 'text-zinc-700 dark:text-zinc-300',
  info: 'text-sky-700 dark:text-sky-300',
};

export function PackageSummary({ summary, progress }: { summary: Summary; progress: VerificationProgress }) {
  const percent = Math.round(summary.verifiedShare * 100);
  return (
    <section
      aria-labelledby="summary-heading"
      data-testid="summary"
      className="mt-4 grid gap-3 sm:grid-cols-2 lg:grid-cols-4"
    >
      <h2 id="summary-heading" className="sr-only">
        Summary
      </h2>
      <Card title="Latest version">
        <div className="min-w-0 break-all font-mono text-sm" data-testid="latest-version">
          {summary.latestVersion !== undefined ? <MetaText value={summary.latestVersion} max={60} /> : '—'}
        </div>
        {summary.latestTrust ? (
          <div className="mt-1" data-testid="latest-trust" data-trust={summary.latestTrust}>
            <TrustBadge level={summary.latestTrust} />
          </div>
        ) : null}
      </Card>
      <Card title="Verified provenance">
        <div className="text-2xl font-semibold" data-testid="verified-share">
          {percent}%
        </div>
        <div className="text-xs text-zinc-600 dark:text-zinc-400">
          {summary.verifiedCount} of {summary.versionCount} version{summary.versionCount === 1 ? '' : 's'}
        </div>
        <VerificationMeter progress={progress} />
      </Card>
      <Card title="Publishers">
        <ul className="space-y-0.5 text-sm">
          {summary.publishers.slice(0, 4).map((p) => (
            <li key={p.label} className="flex justify-between gap-2">
              <span className="min-w-0 truncate">
                <MetaText value={p.label} max={60} />
              </span>
              <span className="text-zinc-500">{p.versions}</span>
            </li>
          ))}
          {summary.publishers.length > 4 ? (
            <li className="text-xs text-zinc-500">and {summary.publishers.length - 4} more</li>
          ) : null}
          {summary.publishers.length === 0 ? <li className="text-zinc-500">none recorded</li> : null}
        </ul>
      </Card>
      <Card title="Findings">
        <ul className="text-sm">
          {(['high', 'medium', 'low', 'info'] as const).map((severity) => (
            <li
              key={severity}
              className={`flex justify-between ${SEVERITY_STYLE[severity]}`}
              data-severity-count={severity}
            >
              <span className="capitalize">{severity}</span>
              <span>{summary.findingsBySeverity[severity]}</span>
            </li>
          ))}
        </ul>
      </Card>
    </section>
  );
}

function VerificationMeter({ progress }: { progress: VerificationProgress }) {
  const finished = progress.done >= progress.total;
  return (
    <div className="mt-2" data-testid="verification-progress" data-done={progress.done} data-total={progress.total}>
      <progress
        className="h-1.5 w-full"
        max={Math.max(progress.total, 1)}
        value={progress.done}
        aria-label="Verification progress"
      />
      <div className="text-xs text-zinc-600 dark:text-zinc-400" aria-live="polite">
        {finished
          ? progress.total === 1
            ? 'The version checked'
            : `All ${progress.total} versions checked`
          : `${progress.done} of ${progress.total} checked…`}
      </div>
    </div>
  );
}

function Card({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <div className="rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
      <h3 className="text-xs font-semibold uppercase tracking-wide text-zinc-500 dark:text-zinc-400">{title}</h3>
      <div className="mt-1">{children}</div>
    </div>
  );
}
