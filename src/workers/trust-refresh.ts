// The trust worker's second part (trust.worker.ts): the TUF refresh with tuf-js, in a
// chunk of its own. `Buffer` must exist before tuf-js is evaluated.
import '../core/crypto/install-buffer';

export { finishResolution } from '../core/trust/resolve-trusted-root';
