// One of the verifier pool's workers. `Buffer` must exist before any @sigstore module
// is evaluated: install-buffer is imported first, and ES modules evaluate in order.
import '../core/crypto/install-buffer';
import { expose } from 'comlink';
import { trustedRoot, trustedRootDigest, verifierBuild } from 'virtual:sigstore-seeds';
import { createVerifierService } from '../core/services/verifier-service';
import { createVerdictCache } from '../core/verify/verdict-cache';
import { indexedDbVerdictBackend } from '../core/verify/verdict-store-idb';

// Final verdicts are written to IndexedDB here (read back by the main thread before it
// asks for a verification); without IndexedDB, nothing is written.
const backend = indexedDbVerdictBackend();

// @sigstore runs here on the JS crypto shim (vite.config.ts): signatures go to WebCrypto.
expose(
  createVerifierService(trustedRoot, {
    nativeSignatures: true,
    ...(backend
      ? {
          verdicts: {
            cache: createVerdictCache(backend),
            verifier: verifierBuild,
            bundledTrustedRootDigest: trustedRootDigest,
          },
        }
      : {}),
  }),
);
