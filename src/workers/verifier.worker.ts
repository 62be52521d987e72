// One of the verifier pool's workers. `Buffer` must exist before any @sigstore module
// is evaluated: install-buffer is imported first, and ES modules evaluate in order.
import '../core/crypto/install-buffer';
import { expose } from 'comlink';
import { trustedRoot } from 'virtual:sigstore-seeds';
import { createVerifierService } from '../core/services/verifier-service';

// @sigstore runs here on the JS crypto shim (vite.config.ts): signatures go to WebCrypto.
expose(createVerifierService(trustedRoot, { nativeSignatures: true }));
