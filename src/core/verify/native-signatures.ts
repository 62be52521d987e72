// Runs a verification (verifyVersion for the timeline, the #/verify page's bundles) with
// the signature checks done by the platform's native crypto where the browser's JS shim
// would do them slowly (see crypto/signature-cache.ts):
//
//   1. a recording pass: the shim answers every signature check `true` and writes it
//      down, so that the pass reaches all the checks a successful verification makes;
//      whatever this pass returns or throws is thrown away;
//   2. WebCrypto checks everything recorded, at once, into this runner's private cache;
//   3. the real pass: the shim answers from that cache, and computes in JS any check
//      WebCrypto could not do or the recording did not foresee.
//
// No answer of the recording pass can become a result: only the last pass's value is
// returned, and the cache holds only what WebCrypto or the JS code computed.
// Under Node, @sigstore uses node:crypto directly: use {@link directSignatures} there.
import {
  SignatureCache,
  resolveWithWebCrypto,
  withAsyncSignatureSession,
  withSignatureSession,
  type SignatureCheck,
  type SignatureSession,
} from '../crypto/signature-cache';

export interface SignatureRunner {
  /** The value of the synchronous verification `work`, run as this runner does. */
  run<T>(work: () => T): Promise<T>;
}

/** For @sigstore on the browser's shim: the two passes above, with a cache of its own. */
export function createNativeSignatureRunner(): SignatureRunner {
  const cache = new SignatureCache();
  const pass =
    <T>(work: () => T) =>
    (session: SignatureSession): T =>
      withSignatureSession(session, () => withoutStackTraces(work));
  return { run: (work) => inTwoPasses(cache, pass(work), pass(work)) };
}

/**
 * The recording pass (its outcome thrown away), WebCrypto on what it recorded, then the
 * real pass, answered from `cache`. Each pass runs its work in the session it is given.
 */
async function inTwoPasses<T>(
  cache: SignatureCache,
  record: (session: SignatureSession) => unknown,
  answer: (session: SignatureSession) => T | Promise<T>,
): Promise<T> {
  const recording: SignatureCheck[] = [];
  try {
    await record({ cache, recording });
  } catch {
    // A pass in which every signature was "valid" may fail elsewhere; the real pass decides.
  }
  await resolveWithWebCrypto(recording, cache);
  return answer({ cache });
}

export interface AsyncSignatureRunner {
  /**
   * The value of the asynchronous `work`, its signature checks resolved ahead by
   * `rehearsal`: the same work with every signature taken as valid, on copies of its
   * state, whose outcome is thrown away.
   */
  run<T>(rehearsal: () => Promise<unknown>, work: () => Promise<T>): Promise<T>;
}

/**
 * The same two passes for asynchronous work (the TUF client's refresh, which awaits its
 * downloads between checks), with a cache of its own. Each pass holds the realm's one
 * signature session until it settles (`withAsyncSignatureSession`): only where nothing
 * else checks signatures meanwhile, as in the TUF client's worker.
 */
export function createAsyncNativeSignatureRunner(): AsyncSignatureRunner {
  const cache = new SignatureCache();
  return {
    run: (rehearsal, work) =>
      inTwoPasses(
        cache,
        (session) => withAsyncSignatureSession(session, rehearsal),
        (session) => withAsyncSignatureSession(session, work),
      ),
  };
}

/** For @sigstore on native crypto (Node): one pass, stack traces off. */
export const directSignatures: SignatureRunner = {
  run: async (work) => withoutStackTraces(work),
};

/**
 * @sigstore/core's ASN.1 parser throws and catches errors as it probes values; on V8,
 * capturing their stack traces is a large share of a bundle's parse time. Nothing here
 * reads those stacks (results carry messages only), so none are captured meanwhile.
 */
function withoutStackTraces<T>(work: () => T): T {
  const errorClass = Error as { stackTraceLimit?: number };
  const limit = errorClass.stackTraceLimit;
  errorClass.stackTraceLimit = 0;
  try {
    return work();
  } finally {
    errorClass.stackTraceLimit = limit;
  }
}
