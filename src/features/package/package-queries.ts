// Query options for a package page. Query functions call the core (through the
// workers), pass the AbortSignal through and throw typed RegistryErrors.
import { queryOptions } from '@tanstack/react-query';
import { npmKeys as bundledTufKeys } from 'virtual:sigstore-seeds';
import type { PackageRecord, VersionRecord, VersionVerification } from '../../core/model';
import type { RegistryError } from '../../core/net/http-errors';
import { parseTufRegistryKeys } from '../../core/registry/npm-keys';
import { fetchRegistryKeys } from '../../core/registry/npm-registry';
import { loadPackage } from '../../lib/registry-client';
import { verifierPool } from '../../lib/verifier-pool';

const BUNDLED_KEYS = parseTufRegistryKeys(bundledTufKeys);

export function packageQueryOptions(base: string, name: string) {
  return queryOptions<PackageRecord, RegistryError>({
    queryKey: ['package', base, name],
    queryFn: ({ signal }) => loadPackage(base, name, signal),
    staleTime: 5 * 60_000,
    retry: false,
  });
}

export function registryKeysQueryOptions(base: string) {
  return queryOptions({
    queryKey: ['registry-keys', base],
    queryFn: ({ signal }) => fetchRegistryKeys(base, BUNDLED_KEYS, { signal }),
    staleTime: 60 * 60_000,
    retry: false,
  });
}

export const verificationKeyPrefix = (base: string, name: string) => ['verification', base, name] as const;

/**
 * A published version's attestations never change: its verification is cached for the
 * session (keyed by integrity too, so a registry that changes a tarball is noticed).
 */
export function verificationQueryOptions(base: string, record: VersionRecord) {
  return queryOptions<VersionVerification, Error>({
    queryKey: [...verificationKeyPrefix(base, record.name), record.version, record.dist.integrity ?? ''],
    queryFn: async ({ signal, client }) => {
      const { keys } = await client.ensureQueryData(registryKeysQueryOptions(base));
      return verifierPool().verify(base, keys, record, signal);
    },
    staleTime: Infinity,
    gcTime: Infinity,
    retry: false,
  });
}
