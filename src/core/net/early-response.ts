// A packument request sent before the app's code was loaded, and its hand-over.
//
// When a shared link to a package is opened, an inline script of index.html starts the
// registry worker from a `blob:` URL whose first statement sends the packument request
// (lib/early-request.ts): the request then leaves 1–3 round trips sooner than if it
// waited for the entry module, its imports and the worker's own script. The response
// waits in the worker's global scope under EARLY_RESPONSE_GLOBAL until the registry
// service asks for the same URL; it is then handed to the HTTP client as the answer of
// its `fetch`, so that status codes, redirects, timeouts and the body are checked by
// the one code path every request takes (net/http-client.ts).
//
// Nothing the app would not send is sent, and nothing the app did not ask for is used:
// - the URL is handed over only to a request for exactly that URL; the first packument
//   request for any other URL discards it (the link's package was not loaded after
//   all), and so does a timer if nothing asks for it at all;
// - it is handed over once: a retry, or the CORS check after a failure, fetches again;
// - aborting the request that adopted it aborts it.
import { platformFetch, type FetchLike } from './http-client';

/** The name of the worker's global that holds the early request (written by lib/early-request.ts). */
export const EARLY_RESPONSE_GLOBAL = '__provenanceExplorerEarlyPackument';

/** Discarded if no request asks for it within this long. */
export const UNCLAIMED_TIMEOUT_MS = 30_000;

export interface EarlyResponse {
  /** The packument URL, as the registry service builds it (npm-registry.ts `packumentUrl`). */
  url: string;
  /** The response; its body is read as it arrives, so the download never waits for the adopter. */
  response: Promise<Response>;
  abort(): void;
}

/** Takes the early request out of a worker's global scope, if one is there and well formed. */
export function takeEarlyResponse(scope: object): EarlyResponse | undefined {
  const holder = scope as Record<string, unknown>;
  const value = holder[EARLY_RESPONSE_GLOBAL];
  delete holder[EARLY_RESPONSE_GLOBAL];
  if (typeof value !== 'object' || value === null) return undefined;
  const { url, response, abort } = value as Partial<EarlyResponse>;
  if (typeof url !== 'string' || !(response instanceof Promise) || typeof abort !== 'function') return undefined;
  return { url, response, abort };
}

/**
 * The `fetch` of packument requests: the early response for its URL, once; else
 * `fetchImpl` (itself, without an early request). An early request nothing claims is
 * discarded after UNCLAIMED_TIMEOUT_MS. `setTimer` is injected for tests.
 */
export function earlyAdopter(
  early: EarlyResponse | undefined,
  fetchImpl: FetchLike = platformFetch,
  setTimer: (run: () => void, ms: number) => unknown = setTimeout,
): FetchLike {
  let pending = early;
  if (pending) {
    setTimer(() => {
      pending?.abort();
      pending = undefined;
    }, UNCLAIMED_TIMEOUT_MS);
  }
  return (input, init) => {
    const claimed = pending;
    pending = undefined;
    if (!claimed) return fetchImpl(input, init);
    if (claimed.url !== input) {
      claimed.abort();
      return fetchImpl(input, init);
    }
    const signal = init.signal;
    if (signal) {
      if (signal.aborted) claimed.abort();
      else signal.addEventListener('abort', () => claimed.abort(), { once: true });
    }
    return claimed.response;
  };
}
