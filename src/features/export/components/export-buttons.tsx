import { useQueryClient } from '@tanstack/react-query';
import { wrap } from 'comlink';
import { useState } from 'react';
import { version as appVersion } from '../../../../package.json';
import { auditCsv } from '../../../core/export/audit-csv';
import { exportFileBase } from '../../../core/export/audit-export';
import type { PackageAnalysis, PackageRecord } from '../../../core/model';
import { downloadText as download } from '../../../lib/download';
import { loadFullPackage } from '../../../lib/registry-client';
import { trustedRootState } from '../../../lib/trust-client';
import { workerFailure } from '../../../lib/worker-rpc';
import { registryKeysQueryOptions } from '../../../lib/package-data/package-queries';
import type { ExportService } from '../../../workers/export.worker';

type Busy = 'json' | 'csv' | undefined;

/** Download the timeline as JSON (everything) and CSV (one row per version), at any time. */
export function ExportButtons({
  pkg,
  analysis,
  registry,
}: {
  pkg: PackageRecord;
  analysis: PackageAnalysis;
  registry: string;
}) {
  const client = useQueryClient();
  const [busy, setBusy] = useState<Busy>();
  const [problem, setProblem] = useState<string>();
  const total = analysis.versions.length;
  const settled = analysis.summary.settledCount;
  const complete = settled === total;

  async function downloadJson() {
    setBusy('json');
    setProblem(undefined);
    const checkedAt = new Date().toISOString();
    try {
      // The keys the verification used: already in react-query's cache by now.
      const npmKeys = await client.ensureQueryData(registryKeysQueryOptions(registry));
      const trust = await trustedRootState();
      // Everything: the full records (with dependencies), which the registry worker holds.
      const full = await loadFullPackage(registry, pkg.name);
      const byVersion = new Map(full.versions.map((record) => [record.version, record]));
      const complete = {
        ...analysis,
        versions: analysis.versions.map((view) => ({ ...view, record: byVersion.get(view.record.version) ?? view.record })),
      };
      const text = await buildJsonInWorker({ pkg, analysis: complete, registry, appVersion, checkedAt, npmKeys, trust });
      download(`${exportFileBase(pkg.name, checkedAt)}.json`, text, 'application/json');
    } catch (error) {
      setProblem(`The JSON export could not be built: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setBusy(undefined);
    }
  }

  async function downloadCsv() {
    setProblem(undefined);
    const trust = await trustedRootState();
    download(
      `${exportFileBase(pkg.name, new Date().toISOString())}.csv`,
      auditCsv(analysis, trust),
      'text/csv;charset=utf-8',
    );
  }

  const progress = complete ? undefined : `${settled} of ${total} checked`;
  return (
    <div className="mt-3 flex flex-wrap items-center gap-2 text-sm" data-testid="export" data-complete={complete}>
      <button
        type="button"
        data-testid="export-json"
        onClick={() => void downloadJson()}
        disabled={busy === 'json'}
        aria-describedby={progress ? 'export-progress' : undefined}
        className="rounded border border-zinc-300 px-3 py-1 hover:bg-zinc-100 disabled:opacity-60 dark:border-zinc-700 dark:hover:bg-zinc-800"
      >
        {busy === 'json' ? 'Preparing JSON…' : 'Download JSON'}
      </button>
      <button
        type="button"
        data-testid="export-csv"
        onClick={() => void downloadCsv()}
        aria-describedby={progress ? 'export-progress' : undefined}
        className="rounded border border-zinc-300 px-3 py-1 hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
      >
        Download CSV
      </button>
      {progress ? (
        <span id="export-progress" data-testid="export-progress" className="text-xs text-amber-800 dark:text-amber-300">
          {progress}: versions still being verified are exported as pending.
        </span>
      ) : null}
      {problem ? (
        <span role="alert" className="text-xs text-red-700 dark:text-red-400">
          {problem}
        </span>
      ) : null}
    </div>
  );
}

async function buildJsonInWorker(input: Parameters<ExportService['auditJson']>[0]): Promise<string> {
  const worker = new Worker(new URL('../../../workers/export.worker.ts', import.meta.url), {
    type: 'module',
    name: 'export',
  });
  try {
    return await Promise.race([wrap<ExportService>(worker).auditJson(input), workerFailure(worker, 'export worker')]);
  } finally {
    worker.terminate();
  }
}
