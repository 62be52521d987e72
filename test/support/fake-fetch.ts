// Test-only: a scripted `fetchImpl` that records every request and answers from a
// queue, honouring the AbortSignal the way the platform's fetch does (rejecting with
// an AbortError DOMException when the signal is or becomes aborted).
import type { FetchLike } from '../../src/core/net/http-client';

export interface RecordedRequest {
  url: string;
  init: RequestInit;
}

export type Reply = Response | Error | ((url: string, init: RequestInit) => Response | Promise<Response>);

export interface FakeFetch {
  fetchImpl: FetchLike;
  requests: RecordedRequest[];
}

/** Answers the n-th request with `replies[n]` (the last one repeats). */
export function fakeFetch(...replies: Reply[]): FakeFetch {
  const requests: RecordedRequest[] = [];
  const fetchImpl: FetchLike = (url, init) => {
    requests.push({ url, init });
    const reply = replies[Math.min(requests.length - 1, replies.length - 1)];
    const signal = init.signal ?? undefined;
    if (signal?.aborted) return Promise.reject(abortError(signal));
    if (reply === undefined) return Promise.reject(new Error('fakeFetch: no reply scripted'));
    if (reply instanceof Error) return Promise.reject(reply);
    if (typeof reply === 'function') return Promise.resolve(reply(url, init));
    return Promise.resolve(reply);
  };
  return { fetchImpl, requests };
}

/** A fetch that never answers until its signal aborts. */
export function hangingFetch(): FakeFetch {
  const requests: RecordedRequest[] = [];
  const fetchImpl: FetchLike = (url, init) => {
    requests.push({ url, init });
    return new Promise<Response>((_, reject) => {
      const signal = init.signal ?? undefined;
      if (signal?.aborted) reject(abortError(signal));
      signal?.addEventListener('abort', () => reject(abortError(signal)), { once: true });
    });
  };
  return { fetchImpl, requests };
}

function abortError(signal: AbortSignal): unknown {
  return signal.reason instanceof Error ? signal.reason : new DOMException('This operation was aborted', 'AbortError');
}

export function jsonResponse(body: unknown, init: ResponseInit = {}): Response {
  return new Response(JSON.stringify(body), {
    status: 200,
    headers: { 'content-type': 'application/json' },
    ...init,
  });
}

export function textResponse(text: string, init: ResponseInit = {}): Response {
  return new Response(text, { status: 200, headers: { 'content-type': 'application/json' }, ...init });
}

export function statusResponse(status: number, headers: Record<string, string> = {}, statusText = ''): Response {
  return new Response(status === 204 ? null : '{"error":"x"}', { status, statusText, headers });
}

/** A recording `sleep` that resolves at once (or rejects when the signal is aborted). */
export function fakeSleep(): { sleep: (ms: number, signal?: AbortSignal) => Promise<void>; calls: number[] } {
  const calls: number[] = [];
  return {
    calls,
    sleep: (ms, signal) => {
      calls.push(ms);
      if (signal?.aborted) return Promise.reject(signal.reason ?? new DOMException('Aborted', 'AbortError'));
      return Promise.resolve();
    },
  };
}
