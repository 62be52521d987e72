// Follows Sigstore's TUF repository (or the mirror chosen in the settings) once per
// visit, off the main thread, and answers with the trusted root to verify with. Its
// own worker: tuf-js and the TUF root stay out of the page's bundle, and a slow mirror
// never blocks a verifier.
//
// In two parts (core/trust/resolve-start.ts): this module is small, so that the worker
// answers and sends the repository's first requests (and reads IndexedDB) at once; the
// TUF client, tuf-js with the crypto shim, is a chunk of its own (trust-refresh.ts),
// asked for as this module is evaluated and loaded while those requests are on their way.
import { expose } from 'comlink';
import { npmKeys, trustedRoot, tufRoot } from 'virtual:sigstore-seeds';
import { resolveInTwoParts } from '../core/trust/resolve-start';
import { indexedDbTufCache } from '../core/trust/tuf-cache';
import type { TrustSettings, TrustedRootState } from '../core/trust/trust-state';

const refresh = import('./trust-refresh');
// Awaited by each resolution; marked handled here, as the first may come after it failed.
refresh.catch(() => undefined);

const cache = indexedDbTufCache();

const service = {
  /**
   * Answered once both parts have loaded (or the second failed to): the main thread's
   * bound on the repository starts then (lib/trust-client.ts), as the budget does here.
   */
  ready(): Promise<boolean> {
    return refresh.then(
      () => true,
      () => true,
    );
  },
  resolve(settings: TrustSettings, budgetMs?: number): Promise<TrustedRootState> {
    return resolveInTwoParts(
      // The browser's crypto shim: the signature checks resolved ahead by WebCrypto.
      { settings, bundled: { tufRoot, trustedRoot, npmKeys }, cache, budgetMs, nativeSignatures: true },
      refresh,
    );
  },
};

export type TrustService = typeof service;

expose(service);
