// Runs a bundle verification in a verifier worker (never on the main thread). One run
// at a time: starting another cancels the one before, so a stale answer never shows.
import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { VerifyBundleRequest, VerifyBundleResult } from '../../core/verify/verify-bundle';
import { verifierPool } from '../../lib/verifier-pool';

export function useVerifyBundle() {
  const controller = useRef<AbortController | undefined>(undefined);
  useEffect(() => () => controller.current?.abort(), []);
  // The page will verify: its worker starts (and loads its code and trusted root) while
  // the page is idle, not in the task that handles the Verify button.
  useEffect(() => verifierPool().prewarm(), []);
  return useMutation<VerifyBundleResult, Error, VerifyBundleRequest>({
    mutationFn: (request) => {
      controller.current?.abort();
      const current = new AbortController();
      controller.current = current;
      return verifierPool().verifyBundle(request, current.signal);
    },
  });
}
