// The first part of deciding the trusted root (resolve-trusted-root.ts has the rest): what
// can start before the TUF client has loaded. It starts the requests for the repository's
// timestamp and next root version (tuf-requests.ts), the initial root's request when it
// is given by address, and the read of the metadata kept in IndexedDB. It imports neither
// tuf-js nor the signature checks' code. The budget's clock starts with the second part:
// it bounds the repository's answer, not the loading of the TUF client's code (which the
// main thread bounds: lib/trust-client.ts), so that a slow load is never reported as a
// repository that did not answer.
//
// In the browser the trust worker is this part and comlink, so that it loads and sends
// those requests at once; tuf-js and the crypto shim come in a chunk of their own
// (workers/trust.worker.ts), loaded only when this part cannot decide alone. It decides
// alone only when the repository answers with exactly what tuf-js verified and kept on
// an earlier visit (kept-unchanged.ts); anything new goes to tuf-js, which verifies the
// bytes as it would its own downloads.
import { getBytes, type FetchLike } from '../net/http-client';
import { keptIfUnchanged } from './kept-unchanged';
import type { TufCache, TufCacheEntry } from './tuf-cache';
import { requestRootVersion, requestTimestamp, type EarlyRootVersion } from './tuf-requests';
import {
  DEFAULT_TUF_BUDGET_MS,
  trustedRootDate,
  type TrustFallbackCode,
  type TrustSettings,
  type TrustedRootState,
} from './trust-state';

export interface BundledTrust {
  /** The TUF root shipped with @sigstore/tuf (JSON text): the default initial root. */
  tufRoot: string;
  trustedRoot: unknown;
  npmKeys: unknown;
}

export interface ResolveOptions {
  settings: TrustSettings;
  bundled: BundledTrust;
  cache: TufCache;
  fetchImpl?: FetchLike;
  /** The most this may take before answering with a fallback. */
  budgetMs?: number;
  now?: () => Date;
  /**
   * The browser's crypto shim is in use: the refresh's signature checks are resolved
   * ahead by WebCrypto (tuf-client.ts, `signatures`).
   */
  nativeSignatures?: boolean;
}

export interface Fallback {
  code: TrustFallbackCode;
  reason: string;
}

/** The budget was spent: how the deadline a started resolution's `clock()` returns rejects. */
export class BudgetExceeded extends Error {}

/** The initial root given by address could not be read. */
export class InitialRootError extends Error {}

/** What the second part needs once the initial root and the kept metadata are known. */
export interface Prepared {
  initialRoot: string;
  /** The initial root's version (undefined when it is not a TUF root: tuf-js then refuses it). */
  initialVersion: number | undefined;
  /**
   * The root version a refresh asks for first, asked for ahead: the one after the kept
   * root's, else after the initial root's.
   */
  nextRoot: EarlyRootVersion | undefined;
  /**
   * The IndexedDB key: the repository and the initial root's digest, or its address when
   * it is given by one (the entry then holds the digest: `initialRootDigest`).
   */
  namespace: string;
  /** An earlier visit's verified metadata, if any (a failed read counts as none). */
  cached: TufCacheEntry | undefined;
  /** Saved with the metadata when the namespace does not name the initial root itself. */
  initialRootDigest?: string;
}

export interface StartedResolution {
  readonly options: ResolveOptions;
  readonly budget: number;
  /** The repository's base URL, without a trailing slash. */
  readonly repository: string;
  /** Aborted when the budget is spent, or once the resolution has answered. */
  readonly signal: AbortSignal;
  /**
   * Starts the budget's clock (the second part does, once loaded) and returns the
   * deadline: a promise that rejects with BudgetExceeded when the budget is spent. The
   * same promise on every call.
   */
  clock(): Promise<never>;
  /** timestamp.json's bytes, unverified (undefined when the request failed). */
  readonly timestamp: Promise<Uint8Array | undefined>;
  /** Rejects with InitialRootError (raced against the clock by the second part). */
  readonly prepared: Promise<Prepared>;
  /** The resolution has answered: stops the budget's clock and gives up requests still open. */
  end(): void;
}

/**
 * Starts resolving: the early requests and the IndexedDB read. Never throws; its failures
 * are in `prepared`, which the second part awaits (marked handled here, as that part may
 * still be loading when it fails).
 */
export function startResolution(options: ResolveOptions): StartedResolution {
  const budget = options.settings.budgetMs ?? options.budgetMs ?? DEFAULT_TUF_BUDGET_MS;
  const { settings, bundled, fetchImpl } = options;
  const repository = settings.mirrorUrl.replace(/\/+$/, '');
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let deadline: Promise<never> | undefined;
  const clock = (): Promise<never> => {
    if (deadline) return deadline;
    deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort(new DOMException('TUF budget exceeded', 'TimeoutError'));
        reject(new BudgetExceeded());
      }, budget);
    });
    deadline.catch(() => undefined);
    return deadline;
  };
  const requests = { mirrorUrl: repository, signal: controller.signal, fetchImpl };
  /** The request for the root version after `root`'s (none when it is not a TUF root). */
  const afterRoot = (root: string | undefined): EarlyRootVersion | undefined => {
    const version = rootVersion(root);
    return version === undefined ? undefined : requestRootVersion(requests, version + 1);
  };
  // First, as nothing else is needed to ask for it.
  const timestamp = requestTimestamp(requests);
  const prepared = (async (): Promise<Prepared> => {
    const { initialRootUrl } = settings;
    if (settings.initialRoot === undefined && initialRootUrl) {
      // Given by address: its answer is a round trip away. Meanwhile the metadata kept for
      // that address is read, and the root version after the kept one asked for (the
      // refresh's first question): a revisit waited for the initial root, then for that
      // version, one round trip after the other. The kept metadata is used only if it
      // grew from this very initial root (its digest, checked once it is in).
      const namespace = `${repository}\n${initialRootUrl}`;
      const kept = options.cache.load(namespace).catch(() => undefined);
      const keptNext = kept.then((entry) => afterRoot(entry?.metadata.root));
      const initialRoot = await fetchInitialRoot(initialRootUrl, controller.signal, fetchImpl);
      const initialRootDigest = await digest(initialRoot);
      const entry = await kept;
      const cached = entry?.initialRootDigest === initialRootDigest ? entry : undefined;
      const initialVersion = rootVersion(initialRoot);
      const nextRoot = cached ? await keptNext : afterRoot(initialRoot);
      return { initialRoot, initialVersion, nextRoot, namespace, cached, initialRootDigest };
    }
    const initialRoot = settings.initialRoot ?? bundled.tufRoot;
    // The version after the initial root's, the first one a refresh from it asks for.
    const initialVersion = rootVersion(initialRoot);
    const fromInitial = afterRoot(initialRoot);
    const namespace = `${repository}\n${await digest(initialRoot)}`;
    const cached = await options.cache.load(namespace).catch(() => undefined);
    // A root kept from an earlier visit that is newer (a rotation since this build): the
    // refresh starts from it, and asks for the version after it first.
    const keptVersion = rootVersion(cached?.metadata.root);
    const nextRoot =
      keptVersion !== undefined && initialVersion !== undefined && keptVersion > initialVersion
        ? afterRoot(cached?.metadata.root)
        : fromInitial;
    return { initialRoot, initialVersion, nextRoot, namespace, cached };
  })();
  prepared.catch(() => undefined);
  return {
    options,
    budget,
    repository,
    signal: controller.signal,
    clock,
    timestamp,
    prepared,
    end: () => {
      clearTimeout(timer);
      controller.abort(new DOMException('The trusted root was decided', 'AbortError'));
    },
  };
}

/** The root bundled with this build, with the reason it is used. */
export function bundledState(started: StartedResolution, fallback: Fallback): TrustedRootState {
  const { bundled, settings } = started.options;
  return {
    source: 'bundled',
    trustedRoot: bundled.trustedRoot,
    npmKeys: bundled.npmKeys,
    updated: trustedRootDate(bundled.trustedRoot),
    repository: started.repository,
    reason: fallback.reason,
    reasonCode: fallback.code,
    ...(settings.initialRootOrigin ? { initialRootOrigin: settings.initialRootOrigin } : {}),
  };
}

/** The second part: the refresh with tuf-js (resolve-trusted-root.ts). */
export interface SecondPart {
  finishResolution(started: StartedResolution): Promise<TrustedRootState>;
}

/**
 * How long the first part waits for the repository's first answers before loading the
 * second part anyway: a revisit's answers come in a round trip or two; a slow repository
 * then has its refresh (and its budget) under way, its requests still the early ones.
 */
export const UNCHANGED_WAIT_MS = 1000;

/**
 * The whole resolution. On a revisit whose repository has not changed since the kept
 * metadata was verified, the kept root, without loading tuf-js (kept-unchanged.ts).
 * Otherwise its second part, loaded by `load` (in the browser, a dynamic import of the
 * TUF client's chunk), refreshes with tuf-js as usual, with the early requests' answers.
 * If that part cannot be loaded, the bundled root, saying why: nothing was verified.
 */
export async function resolveInTwoParts(
  options: ResolveOptions,
  load: () => Promise<SecondPart>,
): Promise<TrustedRootState> {
  const started = startResolution(options);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const decided = await Promise.race([
    keptIfUnchanged(started, options.now),
    new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), UNCHANGED_WAIT_MS);
    }),
  ]);
  clearTimeout(timer);
  if (decided && 'state' in decided) {
    started.end();
    return decided.state;
  }
  let part: SecondPart;
  try {
    part = await load();
  } catch (error) {
    started.end();
    return bundledState(started, {
      code: 'unreachable',
      reason: `the TUF client could not be loaded: ${lowerFirst(error instanceof Error ? error.message : String(error))}`,
    });
  }
  return part.finishResolution(started);
}

export function rootVersion(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  try {
    const version = (JSON.parse(text) as { signed?: { version?: unknown } } | null)?.signed?.version;
    return typeof version === 'number' ? version : undefined;
  } catch {
    return undefined;
  }
}

async function fetchInitialRoot(url: string, signal: AbortSignal, fetchImpl?: FetchLike): Promise<string> {
  try {
    return new TextDecoder().decode(await getBytes(url, { signal, fetchImpl, maxBytes: 512_000 }));
  } catch (error) {
    throw new InitialRootError(
      `the initial TUF root could not be read from ${url}: ${lowerFirst(error instanceof Error ? error.message : String(error))}`,
    );
  }
}

export function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

async function digest(text: string): Promise<string> {
  const bytes = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return Array.from(bytes.slice(0, 12), (b) => b.toString(16).padStart(2, '0')).join('');
}
