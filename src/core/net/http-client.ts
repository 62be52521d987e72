// The one place that calls `fetch`. It turns every failure into a RegistryError and
// never sends a request that needs a CORS preflight: GET with only the safelisted
// `Accept` header, so any registry with `Access-Control-Allow-Origin: *` works.
import { RegistryError, isAbortError } from './http-errors';

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface GetJsonOptions {
  signal?: AbortSignal;
  accept?: string;
  /** How many times a 429 is retried after waiting `Retry-After`. */
  rateLimitRetries?: number;
  /** The longest wait we accept from `Retry-After`; longer asks fail at once. */
  maxRetryAfterSeconds?: number;
  fetchImpl?: FetchLike;
  /** Injected for tests so that retries do not really wait. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
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

export async function getJson<T = unknown>(
  url: string,
  options: GetJsonOptions = {},
): Promise<JsonResponse<T>> {
  const retries = options.rateLimitRetries ?? DEFAULT_RATE_LIMIT_RETRIES;
  const maxWait = options.maxRetryAfterSeconds ?? DEFAULT_MAX_RETRY_AFTER_SECONDS;
  const sleep = options.sleep ?? abortableSleep;
  for (let attempt = 0; ; attempt++) {
    const response = await send(url, options);
    if (response.status === 429) {
      const wait = parseRetryAfter(response.headers.get('retry-after'));
      const waitSeconds = wait ?? FALLBACK_RETRY_AFTER_SECONDS;
      if (attempt < retries && waitSeconds <= maxWait) {
        await discardBody(response);
        await sleep(waitSeconds * 1000, options.signal).catch((error: unknown) => {
          throw abortedError(url, error);
        });
        continue;
      }
      throw new RegistryError({
        code: 'RATE_LIMITED',
        message:
          `The registry is rate limiting requests (HTTP 429)` +
          (wait !== undefined ? `; it asks to wait ${wait} s before trying again.` : '.'),
        url,
        status: 429,
        retryAfterSeconds: wait,
      });
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
    const text = await readText(response, url);
    return { url, status: response.status, body: parseJson<T>(text, url) };
  }
}

async function send(url: string, options: GetJsonOptions): Promise<Response> {
  const fetchImpl = options.fetchImpl ?? ((input, init) => fetch(input, init));
  try {
    return await fetchImpl(url, {
      method: 'GET',
      headers: { Accept: options.accept ?? 'application/json' },
      signal: options.signal,
      // Credentials would make `Access-Control-Allow-Origin: *` insufficient.
      credentials: 'omit',
      redirect: 'follow',
    });
  } catch (error) {
    if (isAbortError(error) || options.signal?.aborted) throw abortedError(url, error);
    throw new RegistryError({
      code: 'NETWORK',
      message:
        'The registry could not be reached. You may be offline, the address may be wrong, ' +
        'or the registry does not allow requests from this page (CORS).',
      url,
    });
  }
}

async function readText(response: Response, url: string): Promise<string> {
  try {
    return await response.text();
  } catch (error) {
    if (isAbortError(error)) throw abortedError(url, error);
    throw new RegistryError({
      code: 'NETWORK',
      message: 'The connection broke while the response was being read.',
      url,
      status: response.status,
    });
  }
}

function parseJson<T>(text: string, url: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (error) {
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

function abortedError(url: string, cause: unknown): RegistryError {
  const reason = cause instanceof Error && cause.name === 'TimeoutError' ? ' (timed out)' : '';
  return new RegistryError({ code: 'ABORTED', message: `The request was cancelled${reason}.`, url });
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason ?? new DOMException('Aborted', 'AbortError'));
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason ?? new DOMException('Aborted', 'AbortError'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
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
  const response = await send(url, options);
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
