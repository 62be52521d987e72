// The one place that calls `fetch`. It turns every failure into a RegistryError and
// never sends a request that needs a CORS preflight: GET with only the safelisted
// `Accept` header, so any registry with `Access-Control-Allow-Origin: *` works.
//
// Nothing waits forever: every attempt has an idle timeout (no byte for N seconds,
// while waiting for the headers or between chunks of the body) and a total timeout,
// both ending in a TIMEOUT error. Redirects are followed only within the origin asked;
// a redirect to another origin is refused (CROSS_ORIGIN_REDIRECT) and its body unread.
// A request the browser refuses to let the page read (no CORS headers) is told apart
// from an unreachable server by a second, `no-cors` request: an opaque answer means the
// server is there and answered, so the failure was CORS (code CORS).
import { RegistryError, isAbortError } from './http-errors';
import { incrementalJsonReader } from './incremental-json';
import type { JsonReader, ProvisionalVerdict, SplitMember } from './json-reader';
import { abortableSleep } from '../util/abortable-sleep';
import { wholeJsonReader } from './whole-json-reader';
import { abortedError, Watchdog } from './watchdog';

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface GetJsonOptions {
  signal?: AbortSignal;
  accept?: string;
  /** How many times a 429 (or a 503 with `Retry-After`) is retried after waiting `Retry-After`. */
  rateLimitRetries?: number;
  /** The longest wait we accept from `Retry-After`; longer asks fail at once. */
  maxRetryAfterSeconds?: number;
  fetchImpl?: FetchLike;
  /** Injected for tests so that retries do not really wait. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** No byte for this long (headers or body) stops the attempt with TIMEOUT. */
  idleTimeoutMs?: number;
  /** One attempt (headers and whole body) may take at most this long: TIMEOUT. */
  totalTimeoutMs?: number;
  /**
   * A large top-level member parsed while the body arrives (net/incremental-json.ts);
   * the value is the same as without it.
   */
  split?: SplitMember;
  /**
   * With `split`: called before the body is parsed whole, once it is in or as soon as its
   * text may end with the document (`provisionalReadings`), with a PROVISIONAL reading of
   * the document (`JsonReader.provisional`) when much of it is left to parse. Not checked
   * against the whole document: the value `getJson` returns is.
   * What it answers decides which reading follows, if any (`ProvisionalVerdict`).
   */
  onProvisional?: (document: Record<string, unknown>) => ProvisionalVerdict;
  /**
   * With `onProvisional`: awaited once it took a reading, before the whole parse, so that the caller may
   * hold that work back (core/services/registry-service.ts). No timeout runs meanwhile; a rejection ends it.
   */
  afterProvisional?: () => Promise<void>;
}

export interface JsonResponse<T> {
  url: string;
  status: number;
  body: T;
}

const DEFAULT_RATE_LIMIT_RETRIES = 2;
const DEFAULT_MAX_RETRY_AFTER_SECONDS = 30;
/** Used when a 429 carries no readable `Retry-After` (it needs Access-Control-Expose-Headers). */
const FALLBACK_RETRY_AFTER_SECONDS = 2;

export async function getJson<T = unknown>(url: string, options: GetJsonOptions = {}): Promise<JsonResponse<T>> {
  const retries = options.rateLimitRetries ?? DEFAULT_RATE_LIMIT_RETRIES;
  const maxWait = options.maxRetryAfterSeconds ?? DEFAULT_MAX_RETRY_AFTER_SECONDS;
  const sleep = options.sleep ?? abortableSleep;
  for (let attempt = 0; ; attempt++) {
    // Each attempt has its own timeouts; the wait between attempts is not counted.
    const watchdog = new Watchdog(url, options);
    let result: Attempt<T>;
    try {
      result = await attemptOnce<T>(url, options, watchdog, attempt < retries, maxWait);
    } catch (error) {
      throw watchdog.explain(error);
    } finally {
      watchdog.dispose();
    }
    if (result.kind === 'done') return result.response;
    await sleep(result.waitSeconds * 1000, options.signal).catch((error: unknown) => {
      throw abortedError(url, error);
    });
  }
}

type Attempt<T> = { kind: 'done'; response: JsonResponse<T> } | { kind: 'retry'; waitSeconds: number };

async function attemptOnce<T>(
  url: string,
  options: GetJsonOptions,
  watchdog: Watchdog,
  mayRetry: boolean,
  maxWait: number,
): Promise<Attempt<T>> {
  const response = await send(url, options, watchdog);
  watchdog.kick();
  checkRedirect(url, response);
  if (response.status === 429) {
    const wait = parseRetryAfter(response.headers.get('retry-after'));
    const waitSeconds = wait ?? FALLBACK_RETRY_AFTER_SECONDS;
    if (mayRetry && waitSeconds <= maxWait) {
      await discardBody(response);
      return { kind: 'retry', waitSeconds };
    }
    await discardBody(response);
    throw new RegistryError({
      code: 'RATE_LIMITED',
      message:
        `The registry is rate limiting requests (HTTP 429)` +
        (wait !== undefined
          ? `; it asks to wait ${wait} s before trying again.`
          : '; how long to wait is not readable from this page (no Retry-After, or one the registry does not expose to browsers).'),
      url,
      status: 429,
      retryAfterSeconds: wait,
    });
  }
  if (response.status === 503) {
    // Unavailable for a while: retried only when the registry says how long (Retry-After).
    const wait = parseRetryAfter(response.headers.get('retry-after'));
    if (mayRetry && wait !== undefined && wait <= maxWait) {
      await discardBody(response);
      return { kind: 'retry', waitSeconds: wait };
    }
  }
  if (response.status === 404) {
    await discardBody(response);
    throw new RegistryError({ code: 'NOT_FOUND', message: 'Not found (HTTP 404).', url, status: 404 });
  }
  if (!response.ok) {
    await discardBody(response);
    throw new RegistryError({
      code: 'HTTP_STATUS',
      message: `The registry answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}.`,
      url,
      status: response.status,
    });
  }
  const reader = options.split ? incrementalJsonReader(options.split) : wholeJsonReader();
  const provisional = options.onProvisional && provisionalReadings(reader, options.onProvisional);
  await readBody(response, reader, url, watchdog, provisional?.piece);
  // The body is in: no timeout runs over the parse, nor over what the caller awaits before it.
  watchdog.bodyDone();
  if (provisional?.end()) await options.afterProvisional?.();
  return { kind: 'done', response: { url, status: response.status, body: parseJson<T>(reader, url) } };
}

/** The platform's `fetch`, for callers that wrap it (net/early-response.ts). */
export const platformFetch: FetchLike = (input, init) => fetch(input, init);

const fetchOf = (options: GetJsonOptions): FetchLike => options.fetchImpl ?? platformFetch;

async function send(url: string, options: GetJsonOptions, watchdog: Watchdog): Promise<Response> {
  const fetchImpl = fetchOf(options);
  try {
    return await fetchImpl(url, {
      method: 'GET',
      headers: { Accept: options.accept ?? 'application/json' },
      signal: watchdog.signal,
      // Credentials would make `Access-Control-Allow-Origin: *` insufficient.
      credentials: 'omit',
      // Followed, then checked against the origin asked (checkRedirect): `manual` would
      // hide a same-origin redirect's target from us, and `error` refuse it.
      redirect: 'follow',
    });
  } catch (error) {
    if (watchdog.fired || isAbortError(error) || options.signal?.aborted) throw error;
    if (await refusedByCors(url, fetchImpl, watchdog)) {
      throw new RegistryError({
        code: 'CORS',
        message: `The browser refused to let this page read the answer of ${originOf(url)}: it answered without CORS headers (Access-Control-Allow-Origin).`,
        url,
      });
    }
    throw new RegistryError({
      code: 'NETWORK',
      message:
        'The registry could not be reached. You may be offline, the address may be wrong, ' +
        'or the registry does not allow requests from this page (CORS).',
      url,
    });
  }
}

/**
 * After a failed CORS request: does the server answer a `no-cors` request? Browsers give
 * such a request an opaque response when the server answered (whatever its headers), and
 * fail it when nothing answered, which is how CORS refusals differ from network errors.
 * Outside a browser there is no opaque response, and the answer is always no.
 */
async function refusedByCors(url: string, fetchImpl: FetchLike, watchdog: Watchdog): Promise<boolean> {
  const probe = new AbortController();
  const stop = () => probe.abort();
  watchdog.signal.addEventListener('abort', stop, { once: true });
  try {
    const response = await fetchImpl(url, {
      method: 'GET',
      mode: 'no-cors',
      credentials: 'omit',
      signal: probe.signal,
    });
    return response.type === 'opaque';
  } catch {
    return false;
  } finally {
    watchdog.signal.removeEventListener('abort', stop);
    // The opaque body cannot be read: stop its download.
    probe.abort();
  }
}

/** A redirect is followed only when it stays on the origin that was asked. */
function checkRedirect(url: string, response: Response): void {
  // Responses built in tests (and some fetch polyfills) have no URL: nothing to check.
  if (!response.url) return;
  const asked = originOf(url);
  const answered = originOf(response.url);
  if (answered === asked) return;
  void discardBody(response);
  throw new RegistryError({
    code: 'CROSS_ORIGIN_REDIRECT',
    message: `The registry redirected this request to another origin (${answered}); only redirects within ${asked} are followed, so its answer was not used.`,
    url,
  });
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

/**
 * The provisional readings of a body (`GetJsonOptions.onProvisional`): asked for once the
 * body is in, or sooner, after a piece that ends with `}`. A reading parses only at the
 * document's end: its text, from a member of the split object on, must close that object
 * and the top-level one, which a document does once, at its end. Elsewhere its parse
 * fails: one end's, after a piece that ends with one of the 1% of a packument's
 * characters that are `}`, at most MAX_EARLY_READINGS times. The body's end comes apart
 * from its last bytes, 0–55 ms after them in marks on the benchmark's busy machine: links
 * to 3,000 versions cloned from `vue`'s and `tweetnacl`'s (10 and 6.9 MB, gzipped) showed
 * their first row 230 → 222 and 222 → 202 ms (medians of 8 alternated runs). Once a
 * reading was offered, none is asked for again.
 */
function provisionalReadings(
  reader: JsonReader,
  onProvisional: (document: Record<string, unknown>) => ProvisionalVerdict,
) {
  let taken = false;
  let offered = false;
  let early = 0;
  const read = (more: boolean) => {
    if (offered || (more && ++early > MAX_EARLY_READINGS)) return;
    try {
      const reading = reader.provisional?.((offer) => ((offered = true), onProvisional(offer.document)), more);
      taken = reading !== undefined;
    } catch {
      // A first look only: whatever goes wrong with it, the document is still read whole.
    }
  };
  return {
    piece(bytes: Uint8Array): void {
      let last = bytes.length - 1;
      while (last >= 0 && JSON_WHITESPACE.has(bytes[last]!)) last--;
      if (last >= 0 && bytes[last] === CLOSING_BRACE) read(true);
    },
    /** Once the body is in: whether a reading was taken. */
    end(): boolean {
      read(false);
      return taken;
    },
  };
}

/** Readings asked for before the body's end, at most (each that fails costs a parse of an end). */
const MAX_EARLY_READINGS = 4;
const JSON_WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);
const CLOSING_BRACE = 0x7d;

/** The body, read chunk by chunk so that each chunk resets the idle timeout; `onPiece` after each. */
async function readBody(
  response: Response,
  reader: JsonReader,
  url: string,
  watchdog: Watchdog,
  onPiece?: (bytes: Uint8Array) => void,
): Promise<void> {
  try {
    const body = response.body;
    if (!body) {
      reader.push(await response.text());
      return;
    }
    const chunks = body.getReader();
    watchdog.onFire(() => void chunks.cancel().catch(() => undefined));
    for (;;) {
      const asked = performance.now();
      const { done, value } = await chunks.read();
      // A cancelled reader ends like a finished body: the watchdog says which it was.
      if (watchdog.fired) throw watchdog.timeoutError();
      if (done) break;
      watchdog.kick(value.byteLength);
      // The wait for this chunk: none when it was there already (the reader parses while it
      // waits). The reader decodes the bytes, when it needs their text.
      reader.pushBytes(value, performance.now() - asked);
      onPiece?.(value);
    }
  } catch (error) {
    if (error instanceof RegistryError || watchdog.fired || isAbortError(error)) throw error;
    throw new RegistryError({
      code: 'NETWORK',
      message: 'The connection broke while the response was being read.',
      url,
      status: response.status,
    });
  }
}

function parseJson<T>(reader: JsonReader, url: string): T {
  try {
    return reader.finish() as T;
  } catch (error) {
    const text = reader.text();
    const detail = error instanceof Error ? error.message : String(error);
    // Engines word this differently; a parse error at (or past) the last character means
    // the document stopped early, whatever the wording.
    const position = /at position (\d+)/.exec(detail)?.[1];
    const truncated =
      /end of (json )?(data|input)|unterminated|Unexpected end/i.test(detail) ||
      (position !== undefined && Number(position) >= text.trimEnd().length);
    throw new RegistryError({
      code: 'MALFORMED_RESPONSE',
      message: truncated
        ? `The response is truncated: it ends before the JSON document does (${text.length} bytes received).`
        : `The response is not valid JSON: ${detail}`,
      url,
    });
  }
}

/** `Retry-After` is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

async function discardBody(response: Response): Promise<void> {
  try {
    await response.body?.cancel();
  } catch {
    // Nothing to free: the body was already consumed or the stream errored.
  }
}

export interface GetBytesOptions extends GetJsonOptions {
  /** Refuse a body longer than this many bytes (read no further). */
  maxBytes?: number;
}

/**
 * The exact bytes of a GET, for callers that check a length and hash themselves (the
 * TUF client, src/core/trust). Same request rules and typed errors as `getJson`; a 429
 * is not retried (such a caller falls back instead of waiting).
 */
export async function getBytes(url: string, options: GetBytesOptions = {}): Promise<Uint8Array> {
  // The same idle and total timeouts as getJson (one attempt: no retry).
  const watchdog = new Watchdog(url, options);
  try {
    return await readBytes(url, options, watchdog);
  } catch (error) {
    throw watchdog.explain(error);
  } finally {
    watchdog.dispose();
  }
}

async function readBytes(url: string, options: GetBytesOptions, watchdog: Watchdog): Promise<Uint8Array> {
  const response = await send(url, options, watchdog);
  watchdog.kick();
  checkRedirect(url, response);
  if (!response.ok) {
    await discardBody(response);
    throw new RegistryError({
      code: response.status === 404 ? 'NOT_FOUND' : response.status === 429 ? 'RATE_LIMITED' : 'HTTP_STATUS',
      message: `The server answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}.`,
      url,
      status: response.status,
    });
  }
  const limit = options.maxBytes ?? Number.POSITIVE_INFINITY;
  const reader = response.body?.getReader();
  if (!reader) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      watchdog.kick(value.byteLength);
      if (total > limit) {
        await reader.cancel().catch(() => undefined);
        throw new RegistryError({
          code: 'MALFORMED_RESPONSE',
          message: `The response is longer than the ${limit} bytes allowed.`,
          url,
          status: response.status,
        });
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof RegistryError) throw error;
    if (isAbortError(error) || options.signal?.aborted) throw abortedError(url, error);
    throw new RegistryError({
      code: 'NETWORK',
      message: 'The connection broke while the response was being read.',
      url,
      status: response.status,
    });
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}
