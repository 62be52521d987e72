import { useQuery } from '@tanstack/react-query';
import type { VersionRecord } from '../../../core/model';
import { rawAttestationsQueryOptions } from '../version-queries';

export function RawAttestation({ base, record }: { base: string; record: VersionRecord }) {
  const query = useQuery(rawAttestationsQueryOptions(base, record));
  if (!record.dist.attestations) return null;
  const fileName = `${record.name.replace('/', '__')}@${record.version}.attestations.json`;
  return (
    <section aria-labelledby="raw-heading" className="mt-6">
      <h2 id="raw-heading" className="text-lg font-semibold">
        Raw attestations
      </h2>
      {query.isPending ? (
        <p className="text-sm text-zinc-600" role="status">
          Fetching…
        </p>
      ) : query.isError ? (
        <p className="text-sm text-amber-800 dark:text-amber-300">Could not fetch them: {query.error.message}</p>
      ) : (
        <button
          type="button"
          data-testid="download-attestation"
          onClick={() => downloadJson(fileName, query.data)}
          className="mt-2 rounded border border-zinc-300 px-3 py-1 text-sm hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
        >
          Download {fileName}
        </button>
      )}
    </section>
  );
}

function downloadJson(fileName: string, data: unknown): void {
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  anchor.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
