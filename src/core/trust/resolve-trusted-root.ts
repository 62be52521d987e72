// Which trusted root the verifiers use, decided once per visit: Sigstore's TUF
// repository if it answers, verified, within a few seconds; else the copy verified on
// an earlier visit (if the repository is only unreachable or slow, and that copy has
// not expired); else the copy bundled at build time. Never rejects and never waits
// longer than its budget: verification must not be held hostage by a slow mirror.
//
// In two parts: resolve-start.ts starts the clock, the early requests and the IndexedDB
// read without tuf-js; `finishResolution` here refreshes with tuf-js and decides. Under
// Node and in tests, `resolveTrustedRoot` runs both at once.
import { RegistryError } from '../net/http-errors';
import { createAsyncNativeSignatureRunner, type AsyncSignatureRunner } from '../verify/native-signatures';
import { TrustedRootInvalidError } from '../verify/trusted-root-validity';
import { readTrustedRoot, tufState } from './kept-unchanged';
import {
  BudgetExceeded,
  InitialRootError,
  bundledState,
  lowerFirst,
  rootVersion,
  startResolution,
  type Fallback,
  type ResolveOptions,
  type StartedResolution,
} from './resolve-start';
import type { TufCacheEntry } from './tuf-cache';
import { MissingTargetError, TufStepError, refreshTuf } from './tuf-client';
import { hasEcdsaKeys, warmSignatureChecks } from './tuf-warm-up';
import {
  DEFAULT_TUF_MIRROR,
  NPM_KEYS_TARGET,
  TRUSTED_ROOT_TARGET,
  trustedRootDate,
  type TrustFallbackCode,
  type TrustedRootState,
} from './trust-state';

export type { BundledTrust, ResolveOptions } from './resolve-start';

export function resolveTrustedRoot(options: ResolveOptions): Promise<TrustedRootState> {
  return finishResolution(startResolution(options));
}

/** The second part: the refresh with tuf-js (or the fallback, and why), once the first has started. */
export async function finishResolution(started: StartedResolution): Promise<TrustedRootState> {
  const { options, repository, budget } = started;
  const deadline = started.clock();
  const now = options.now ?? (() => new Date());
  const { settings, bundled } = options;
  let cached: TufCacheEntry | undefined;
  // The metadata being followed, and the version of the root it started from: on a
  // refusal, tells whether the pinned (bundled) root itself refused the repository.
  let followed: Map<string, string> | undefined;
  let startVersion: number | undefined;
  let signatures: AsyncSignatureRunner | undefined;
  try {
    const { initialRoot, initialVersion, nextRoot, namespace, initialRootDigest, ...kept } = await Promise.race([
      started.prepared,
      deadline,
    ]);
    cached = kept.cached;
    // The browser's shim: the checks WebCrypto can make resolved ahead, if the root in use
    // names a key of its kind (ECDSA, as Sigstore's do).
    signatures =
      options.nativeSignatures && hasEcdsaKeys(cached?.metadata.root ?? initialRoot)
        ? createAsyncNativeSignatureRunner()
        : undefined;
    // Before the refresh needs them, while its first answers may still be on their way:
    // the signature checks' code and tables made ready (tuf-warm-up.ts).
    warmSignatureChecks(initialRoot, { nativeEcdsa: signatures !== undefined });
    const metadata = new Map(Object.entries(cached?.metadata ?? { root: initialRoot }));
    followed = metadata;
    startVersion = initialVersion;
    const targets = new Map(Object.entries(cached?.targets ?? {}));
    const result = await Promise.race([
      refreshTuf(
        {
          mirrorUrl: repository,
          metadata,
          targets,
          signal: started.signal,
          fetchImpl: options.fetchImpl,
          timestamp: started.timestamp,
          ...(nextRoot ? { nextRoot } : {}),
          ...(signatures ? { signatures } : {}),
        },
        [TRUSTED_ROOT_TARGET, NPM_KEYS_TARGET],
      ).catch(async (error: unknown) => {
        // A repository without npm's keys (a private instance) still gives its trusted root.
        if (error instanceof MissingTargetError && error.message.includes(NPM_KEYS_TARGET)) {
          return {
            partial: true as const,
            ...(await refreshTuf({ mirrorUrl: repository, metadata, targets, offline: true, signatures }, [
              TRUSTED_ROOT_TARGET,
            ])),
          };
        }
        throw error;
      }),
      deadline,
    ]);
    const trustedRoot = readTrustedRoot(result.files.get(TRUSTED_ROOT_TARGET) as string);
    const keysText = result.files.get(NPM_KEYS_TARGET);
    const verifiedAt = now().toISOString();
    // Saving is best effort, and waits no longer than the budget: the root is already verified.
    await Promise.race([
      options.cache
        .save(namespace, {
          metadata: Object.fromEntries(metadata),
          targets: Object.fromEntries(targets),
          verifiedAt,
          ...(initialRootDigest !== undefined ? { initialRootDigest } : {}),
        })
        .catch(() => undefined),
      deadline.catch(() => undefined),
    ]);
    return tufState({
      trustedRoot,
      npmKeys: keysText !== undefined ? (JSON.parse(keysText) as unknown) : bundled.npmKeys,
      repository,
      verifiedAt,
      versions: result.versions,
      ...(keysText === undefined
        ? {
            reason: `The repository has no ${NPM_KEYS_TARGET} target: npm's keys are the ones bundled with this build.`,
          }
        : {}),
      ...(settings.initialRootOrigin ? { initialRootOrigin: settings.initialRootOrigin } : {}),
    });
  } catch (error) {
    let fallback = explain(error, repository, budget);
    if (
      !settings.initialRoot &&
      !settings.initialRootUrl &&
      repository !== DEFAULT_TUF_MIRROR &&
      (fallback.code === 'too-few-signatures' || fallback.code === 'root-rotation-unsigned') &&
      startVersion !== undefined &&
      rootVersion(followed?.get('root')) === startVersion
    ) {
      fallback = notPublicGood(repository, fallback.reason);
    }
    if ((fallback.code === 'unreachable' || fallback.code === 'timeout') && cached) {
      const offline = await fromCache(cached, repository, signatures).catch(() => undefined);
      if (offline) {
        return {
          ...offline,
          reason: fallback.reason,
          reasonCode: fallback.code,
          ...(settings.initialRootOrigin ? { initialRootOrigin: settings.initialRootOrigin } : {}),
        };
      }
    }
    return bundledState(started, fallback);
  } finally {
    started.end();
  }
}

/**
 * `?tuf=<mirror>` alone starts from the public-good TUF root pinned in the build, which is
 * right for a mirror of Sigstore's public-good repository. When that pinned root itself
 * refuses the repository (no rotation from it succeeded), the repository is another
 * Sigstore instance or a tampered mirror: the app cannot tell which, and never trusts
 * a root fetched from the repository itself on first use (that would turn a tampered
 * mirror into a "private instance"). It says what to do instead.
 */
function notPublicGood(repository: string, detail: string): Fallback {
  const why = detail.replace(/^the TUF repository \S+ was refused: /, '').replace(/\.$/, '');
  return {
    code: 'initial-root-needed',
    reason:
      `the TUF repository ${repository} is not signed by the public-good TUF root bundled with this app (${why}). ` +
      `If it is a private Sigstore instance, give its initial root.json with ?tuf-root=<URL> or in the Trusted root settings: ` +
      `the app does not trust a root fetched from the repository itself. Otherwise, the mirror may have been tampered with.`,
  };
}

/** An earlier visit's verified metadata, checked again offline (expiry included) by the TUF client. */
async function fromCache(
  cached: TufCacheEntry,
  repository: string,
  signatures: AsyncSignatureRunner | undefined,
): Promise<TrustedRootState> {
  const metadata = new Map(Object.entries(cached.metadata));
  const targets = new Map(Object.entries(cached.targets));
  const paths = NPM_KEYS_TARGET in cached.targets ? [TRUSTED_ROOT_TARGET, NPM_KEYS_TARGET] : [TRUSTED_ROOT_TARGET];
  const result = await refreshTuf({ mirrorUrl: repository, metadata, targets, offline: true, signatures }, paths);
  const trustedRoot = readTrustedRoot(result.files.get(TRUSTED_ROOT_TARGET) as string);
  const keys = result.files.get(NPM_KEYS_TARGET);
  return {
    source: 'cached',
    trustedRoot,
    npmKeys: keys !== undefined ? (JSON.parse(keys) as unknown) : undefined,
    updated: trustedRootDate(trustedRoot),
    repository,
    verifiedAt: cached.verifiedAt,
    tuf: result.versions,
  };
}

/** A sentence for each way the repository can fail, naming the file and the library's finding. */
export function explain(error: unknown, repository: string, budgetMs: number): Fallback {
  if (error instanceof BudgetExceeded) {
    return {
      code: 'timeout',
      reason: `the TUF repository ${repository} did not answer within ${formatSeconds(budgetMs)}.`,
    };
  }
  if (error instanceof InitialRootError) return { code: 'bad-settings', reason: error.message };
  if (error instanceof TrustedRootInvalidError) {
    return {
      code: 'invalid',
      reason: `the TUF repository ${repository} was refused: its ${TRUSTED_ROOT_TARGET} is not a valid trusted root (${lowerFirst(error.message)}).`,
    };
  }
  if (error instanceof MissingTargetError) {
    return {
      code: 'missing-target',
      reason: `the TUF repository ${repository} was refused: ${lowerFirst(error.message)}`,
    };
  }
  const step = error instanceof TufStepError ? error.step : 'the TUF metadata';
  const cause = error instanceof TufStepError ? error.reason : error;
  const detail = cause instanceof Error ? cause.message : String(cause);
  const name = cause instanceof Error ? cause.name : '';
  const refused = (code: TrustFallbackCode, what: string): Fallback => ({
    code,
    reason: `the TUF repository ${repository} was refused: ${what} (${detail}).`,
  });
  if (name === 'RegistryError' || /HTTP \d+ for /.test(detail)) {
    const timedOut = /timed out|cancelled/.test(detail);
    return {
      code: timedOut ? 'timeout' : 'unreachable',
      reason: timedOut
        ? `the TUF repository ${repository} did not answer within ${formatSeconds(budgetMs)}.`
        : `the TUF repository ${repository} could not be read at ${step}: ${
            // The HTTP client's NETWORK message speaks of "the registry"; this is not one.
            cause instanceof RegistryError && cause.code === 'NETWORK'
              ? 'it could not be reached (offline, a wrong address, or no CORS headers).'
              : lowerFirst(detail)
          }`,
    };
  }
  if (/is expired/.test(detail)) return refused('expired', `${step} has expired`);
  if (/ was signed by \d+\/\d+ keys/.test(detail)) {
    if (/^root version \d+$/.test(step)) {
      const version = Number(step.replace('root version ', ''));
      return refused(
        'root-rotation-unsigned',
        `the new root (version ${version}) is not signed by a threshold of the trusted root's keys (version ${version - 1}); a root rotation must be signed by the previous root and by itself`,
      );
    }
    return refused('too-few-signatures', `${step} is not signed by enough of the keys the root names for it`);
  }
  if (
    /less than current version|Expected version \d+, got \d+|does not match snapshot version|doesn't match timestamp/.test(
      detail,
    )
  ) {
    return refused('rollback', `${step} has a version older than, or different from, one already trusted: a rollback`);
  }
  return refused('invalid', `${step} is not valid TUF metadata`);
}

function formatSeconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}
