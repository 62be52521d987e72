import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { compareVersions } from '../../../core/analysis/compare-versions';
import type { VersionView } from '../../../core/model';
import { LoadingBlock } from '../../../components/loading-block';
import type { VerificationProgress } from '../../../lib/package-data/use-package-verifications';
import { CompareTable } from './compare-table';
import { VersionPickers } from './version-pickers';
import { usePackage } from '../../../lib/package-data/use-package';
import { versionRecordsQueryOptions } from '../../../lib/package-data/package-queries';
import { PackageLoadError } from '../../../components/package-load-error';
import { PackageBreadcrumb } from '../../../components/package-breadcrumb';
import { VersionNotFound } from '../../../components/version-not-found';
import { cancelPackageLoad } from '../../../lib/registry-client';

export function ComparePage({ name, from, to }: { name: string; from: string; to: string }) {
  const { base, query, progress, analysis } = usePackage(name);
  // Once per package record: the menus below are memoized on it.
  const record = query.data;
  const versions = useMemo(() => record?.versions.map((v) => v.version) ?? [], [record]);

  if (query.isPending) {
    return <LoadingBlock label={`Loading ${name} from the registry…`} onCancel={() => cancelPackageLoad(base, name)} />;
  }
  if (query.isError) {
    return <PackageLoadError error={query.error} retry={() => void query.refetch()} />;
  }
  if (!analysis) return <LoadingBlock label="Analysing…" />;
  const a = analysis.versions.find((v) => v.record.version === from);
  const b = analysis.versions.find((v) => v.record.version === to);
  return (
    <article>
      <PackageBreadcrumb name={name} />
      <h1 className="mt-2 break-all text-2xl font-semibold">
        Compare <span className="font-mono">{name}</span> <span className="font-mono">{from}</span> →{' '}
        <span className="font-mono">{to}</span>
      </h1>
      {versions.length > 0 ? (
        <VersionPickers name={name} from={from} to={to} versions={versions} />
      ) : null}
      {a && b ? (
        <Comparison base={base} name={name} a={a} b={b} progress={progress} />
      ) : (
        <VersionNotFound
          pkg={query.data}
          versions={[from, to].filter((version) => (!a && version === from) || (!b && version === to))}
          alternative={query.data.versions.length ? 'pick two versions above' : undefined}
        />
      )}
    </article>
  );
}

function Comparison({
  base,
  name,
  a: compactA,
  b: compactB,
  progress,
}: {
  base: string;
  name: string;
  a: VersionView;
  b: VersionView;
  progress: VerificationProgress;
}) {
  // The records on the main thread are compact: the dependencies come from the registry worker.
  const versions = [compactA.record.version, compactB.record.version];
  const full = useQuery(versionRecordsQueryOptions(base, name, versions));
  const [a, b] = useMemo(() => {
    const byVersion = new Map(full.data?.map((record) => [record.version, record]));
    return [compactA, compactB].map((view) => {
      const record = byVersion.get(view.record.version);
      return record ? { ...view, record } : view;
    }) as [VersionView, VersionView];
  }, [compactA, compactB, full.data]);
  const comparison = useMemo(
    () => (a.record.dependencies && b.record.dependencies ? compareVersions(a, b) : undefined),
    [a, b],
  );
  if (full.isError) return <PackageLoadError error={full.error} retry={() => void full.refetch()} />;
  if (!comparison) return <LoadingBlock label="Loading the versions' dependencies…" />;
  // A version whose verification could not run at all will not settle: say why instead of waiting.
  const failedToRun = [a, b].filter((v) => !v.verification && progress.errors.has(v.record.version));
  const waiting = [a, b].filter((v) => !v.verification && !progress.errors.has(v.record.version));
  return (
    <section
      data-testid="compare"
      data-from={a.record.version}
      data-to={b.record.version}
      data-pending={String(waiting.length > 0)}
      className="mt-4"
    >
      {waiting.length ? (
        <p
          role="status"
          data-testid="compare-pending"
          className="flex items-center gap-2 text-sm text-zinc-600 dark:text-zinc-400"
        >
          <span
            className="h-3 w-3 animate-spin rounded-full border-2 border-zinc-300 border-t-sky-600"
            aria-hidden="true"
          />
          Verifying {[...new Set(waiting.map((v) => v.record.version))].join(' and ')} ({progress.done} of{' '}
          {progress.total} versions of {name} checked): trust and origin may still change.
        </p>
      ) : null}
      {failedToRun.map((v) => (
        <p key={v.record.version} role="alert" className="text-sm text-amber-800 dark:text-amber-300">
          The verification of {v.record.version} could not run: {progress.errors.get(v.record.version)}
        </p>
      ))}
      <p data-testid="compare-summary" className="mt-2 text-sm" aria-live="polite">
        {comparison.summary}
      </p>
      <CompareTable name={name} a={a} b={b} comparison={comparison} />
    </section>
  );
}
