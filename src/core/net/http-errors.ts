// Typed errors for everything that can go wrong between the app and a registry. They
// cross the worker boundary as plain data (`RegistryErrorData`) and are rebuilt as
// `RegistryError` on the other side, so the screens can tell a 404 from a CORS failure.

export type RegistryErrorCode =
  | 'INVALID_NAME'
  | 'NOT_FOUND'
  | 'NETWORK'
  | 'HTTP_STATUS'
  | 'RATE_LIMITED'
  | 'MALFORMED_RESPONSE'
  | 'ABORTED'
  | 'INVALID_REGISTRY_URL'
  /** No byte arrived for the idle timeout, or the whole request outlasted the total timeout. */
  | 'TIMEOUT'
  /** The server redirected to another origin than the one asked (only same-origin redirects are followed). */
  | 'CROSS_ORIGIN_REDIRECT'
  /** The server answered, but without CORS headers, so the browser refused to let the page read it. */
  | 'CORS';

export interface RegistryErrorData {
  code: RegistryErrorCode;
  message: string;
  url?: string;
  status?: number;
  /** Seconds the registry asked us to wait (429 `Retry-After`). */
  retryAfterSeconds?: number;
  /** Validation problems of an invalid package name, each a sentence. */
  problems?: string[];
}

export class RegistryError extends Error {
  readonly code: RegistryErrorCode;
  readonly url?: string;
  readonly status?: number;
  readonly retryAfterSeconds?: number;
  readonly problems?: string[];

  constructor(data: RegistryErrorData) {
    super(data.message);
    this.name = 'RegistryError';
    this.code = data.code;
    this.url = data.url;
    this.status = data.status;
    this.retryAfterSeconds = data.retryAfterSeconds;
    this.problems = data.problems;
  }

  toData(): RegistryErrorData {
    const data: RegistryErrorData = { code: this.code, message: this.message };
    if (this.url !== undefined) data.url = this.url;
    if (this.status !== undefined) data.status = this.status;
    if (this.retryAfterSeconds !== undefined) data.retryAfterSeconds = this.retryAfterSeconds;
    if (this.problems !== undefined) data.problems = this.problems;
    return data;
  }
}

/** Rebuilds a typed error from anything thrown, so callers only ever see RegistryError. */
export function toRegistryError(error: unknown, url?: string): RegistryError {
  if (error instanceof RegistryError) return error;
  if (isAbortError(error)) {
    return new RegistryError({ code: 'ABORTED', message: 'The request was cancelled.', url });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new RegistryError({ code: 'NETWORK', message, url });
}

export function isAbortError(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    'name' in error &&
    (error.name === 'AbortError' || error.name === 'TimeoutError')
  );
}

/**
 * How a version whose attestations a browser refused to read (CORS) states its reason.
 * The screens recognise it with `isCorsRefusal` to explain it once per page.
 */
export const CORS_REFUSAL_REASON = 'the browser refused to let this page read them (CORS)';

export function isCorsRefusal(reason: string | undefined): boolean {
  return reason?.startsWith(CORS_REFUSAL_REASON) ?? false;
}
