import { useQuery } from '@tanstack/react-query';
import type { TrustedRootState } from '../core/trust/trust-state';
import { trustedRootState } from './trust-client';
import { readTrustSettings } from './trust-settings';

/** The trusted root in use this visit (resolved once, shared with the verifiers and the exports). */
export function useTrustedRoot() {
  const key = JSON.stringify(readTrustSettings().settings);
  return useQuery<TrustedRootState>({
    queryKey: ['trusted-root', key],
    queryFn: trustedRootState,
    staleTime: Infinity,
    gcTime: Infinity,
    retry: false,
  });
}
