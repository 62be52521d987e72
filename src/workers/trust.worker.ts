// Follows Sigstore's TUF repository (or the mirror chosen in the settings) once per
// visit, off the main thread, and answers with the trusted root to verify with. Its
// own worker: tuf-js and the TUF root stay out of the page's bundle, and a slow mirror
// never blocks a verifier. `Buffer` must exist before tuf-js is evaluated.
import '../core/crypto/install-buffer';
import { expose } from 'comlink';
import { npmKeys, trustedRoot, tufRoot } from 'virtual:sigstore-seeds';
import { resolveTrustedRoot } from '../core/trust/resolve-trusted-root';
import { indexedDbTufCache } from '../core/trust/tuf-cache';
import type { TrustSettings, TrustedRootState } from '../core/trust/trust-state';

const cache = indexedDbTufCache();

const service = {
  /** Answered once the worker has loaded (the main thread's bound starts then). */
  ready(): boolean {
    return true;
  },
  resolve(settings: TrustSettings, budgetMs?: number): Promise<TrustedRootState> {
    return resolveTrustedRoot({ settings, bundled: { tufRoot, trustedRoot, npmKeys }, cache, budgetMs });
  },
};

export type TrustService = typeof service;

expose(service);
