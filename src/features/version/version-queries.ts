import { queryOptions } from '@tanstack/react-query';
import type { VersionRecord } from '../../core/model';
import { fetchAttestations } from '../../core/registry/npm-registry';

/** The raw attestations, for download. Published attestations never change. */
export function rawAttestationsQueryOptions(base: string, record: VersionRecord) {
  return queryOptions({
    queryKey: ['raw-attestations', base, record.name, record.version],
    queryFn: ({ signal }) => fetchAttestations(base, record, { signal }),
    staleTime: Infinity,
    gcTime: 10 * 60_000,
    retry: false,
    enabled: record.dist.attestations !== undefined,
  });
}
