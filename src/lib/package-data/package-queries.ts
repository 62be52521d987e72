// Query options for a package page. Query functions call the core (through the
// workers), pass the AbortSignal through and throw typed RegistryErrors.
import { queryOptions } from '@tanstack/react-query';
import type { PackageRecord, VersionRecord, VersionVerification } from '../../core/model';
import type { RegistryError } from '../../core/net/http-errors';
import { currentNetSettings } from '../net-settings';
import { loadPackage, loadVersionRecords } from '../registry-client';
import { packageQueryKey } from './package-query-key';
import { registryKeys } from './registry-keys';
import { requestVerificationWithSignal } from './verification-store';

export function packageQueryOptions(base: string, name: string) {
  return queryOptions<PackageRecord, RegistryError>({
    queryKey: packageQueryKey(base, name),
    queryFn: ({ signal }) => loadPackage(base, name, signal),
    staleTime: 5 * 60_000,
    retry: false,
  });
}

/**
 * Full records (dependencies included) of some versions, from the registry worker: the
 * package's record on the main thread is compact. A published version never changes.
 */
export function versionRecordsQueryOptions(base: string, name: string, versions: string[]) {
  return queryOptions<VersionRecord[], RegistryError>({
    queryKey: ['version-records', base, name, ...versions],
    queryFn: ({ signal }) => loadVersionRecords(base, name, versions, signal),
    staleTime: Infinity,
    retry: false,
  });
}

export function registryKeysQueryOptions(base: string) {
  return queryOptions({
    // Keys come through the attestation proxy when one is set.
    queryKey: ['registry-keys', base, currentNetSettings().attestationProxy ?? ''],
    // npm's keys as Sigstore's TUF repository serves them now, else as bundled at build time.
    // (started at navigation for a shared link: registry-keys.ts)
    queryFn: ({ signal }) => registryKeys(base, signal),
    staleTime: 60 * 60_000,
    retry: false,
  });
}

/**
 * One version's verification, for the screens about one version. The work and its cache
 * live in the verification store, which the package timeline shares.
 */
export function verificationQueryOptions(base: string, record: VersionRecord) {
  return queryOptions<VersionVerification, Error>({
    queryKey: ['verification', base, record.name, record.version, record.dist.integrity ?? ''],
    queryFn: async ({ signal, client }) => {
      const { keys } = await client.ensureQueryData(registryKeysQueryOptions(base));
      return requestVerificationWithSignal(base, keys, record, signal);
    },
    staleTime: Infinity,
    gcTime: Infinity,
    retry: false,
  });
}
