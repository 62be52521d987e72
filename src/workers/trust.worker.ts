// Follows Sigstore's TUF repository (or the mirror chosen in the settings) once per
// visit, off the main thread, and answers with the trusted root to verify with. Its
// own worker: tuf-js and the TUF root stay out of the page's bundle, and a slow mirror
// never blocks a verifier.
//
// In two parts (core/trust/resolve-start.ts): this module is small, so that the worker
// answers and sends the repository's first requests (and reads IndexedDB) at once; the
// TUF client, tuf-js with the crypto shim, is a chunk of its own (trust-refresh.ts),
// loaded when the kept metadata cannot decide alone (a first visit, a changed repository).
import { expose } from 'comlink';
import { npmKeys, trustedRoot, tufRoot } from 'virtual:sigstore-seeds';
import { resolveInTwoParts, type SecondPart } from '../core/trust/resolve-start';
import { indexedDbTufCache } from '../core/trust/tuf-cache';
import type { TrustSettings, TrustedRootState } from '../core/trust/trust-state';

// Loaded only when needed: a revisit to an unchanged repository is decided without it
// (core/trust/kept-unchanged.ts), and evaluating it would hold this thread meanwhile.
let refresh: Promise<SecondPart> | undefined;
let loaded: () => void = () => undefined;
const refreshLoaded = new Promise<void>((resolve) => (loaded = resolve));
const loadRefresh = (): Promise<SecondPart> => {
  if (!refresh) {
    refresh = import('./trust-refresh');
    refresh.then(loaded, loaded);
  }
  return refresh;
};

const cache = indexedDbTufCache();

const service = {
  /**
   * Answered once the second part has loaded (or failed to), when a resolution needs it:
   * the main thread's bound on the repository starts then (lib/trust-client.ts), as the
   * budget does here. A resolution decided without it answers first.
   */
  ready(): Promise<boolean> {
    return refreshLoaded.then(() => true);
  },
  resolve(settings: TrustSettings, budgetMs?: number): Promise<TrustedRootState> {
    return resolveInTwoParts(
      // The browser's crypto shim: the signature checks resolved ahead by WebCrypto.
      { settings, bundled: { tufRoot, trustedRoot, npmKeys }, cache, budgetMs, nativeSignatures: true },
      loadRefresh,
    );
  },
};

export type TrustService = typeof service;

expose(service);
