// A response another thread fetched and hands over, chunk by chunk, on a message port.
// The page starts a shared link's packument request at navigation, while the registry
// worker that reads it is still loading (lib/registry-client.ts): the worker's first
// request for that URL is answered with it instead of a request of its own, so that the
// download starts 300–450 ms sooner and still happens once. Everything after the fetch
// (status, redirect and size checks, timeouts, parsing) is the worker's usual path.
//
// Both ends of the exchange are here. Not a transferred ReadableStream: Chromium pipes
// one of those a chunk at a time, each chunk waiting for a round trip between the two
// threads, which made a 20 MB packument arrive later than the worker's own request did.
// Here the page posts each chunk as it reads it (its buffer moved, not copied).
import type { FetchLike } from './http-client';

/** What crosses the port. */
export type HandOverMessage =
  /** The response's status line and headers; its body follows. */
  | { kind: 'head'; url: string; status: number; statusText: string; headers: [string, string][] }
  | { kind: 'chunk'; bytes: Uint8Array }
  | { kind: 'end' }
  /** The body broke off. */
  | { kind: 'broken' }
  /** No response (network error, CORS refusal): the worker makes its own request, which says why. */
  | { kind: 'failed' }
  /** Worker → page: stop reading (the job was cancelled, or it failed on the head). */
  | { kind: 'cancel' };

/** A MessagePort, as far as the exchange uses it (Node's and the browser's both fit). */
export interface HandOverPort {
  onmessage: ((event: { data: HandOverMessage }) => void) | null;
  postMessage(message: HandOverMessage, transfer?: Transferable[]): void;
  close(): void;
}

/** The page's end: posts `response` (or its failure) on `port`, chunk by chunk. */
export function sendResponse(response: Promise<Response>, port: HandOverPort): void {
  response.then(
    async (answered) => {
      const reader = answered.body?.getReader();
      port.onmessage = (event) => {
        if (event.data.kind === 'cancel') void reader?.cancel().catch(() => undefined);
      };
      const headers: [string, string][] = [];
      answered.headers.forEach((value, name) => headers.push([name, value]));
      port.postMessage({
        kind: 'head',
        url: answered.url,
        status: answered.status,
        statusText: answered.statusText,
        headers,
      });
      try {
        for (;;) {
          if (!reader) break;
          const { done, value } = await reader.read();
          if (done) break;
          // A chunk of its own buffer moves without a copy; a view into a larger one is copied.
          const bytes = value.byteOffset === 0 && value.byteLength === value.buffer.byteLength ? value : value.slice();
          port.postMessage({ kind: 'chunk', bytes }, [bytes.buffer as ArrayBuffer]);
        }
        port.postMessage({ kind: 'end' });
      } catch {
        port.postMessage({ kind: 'broken' });
      } finally {
        port.close();
      }
    },
    () => {
      port.postMessage({ kind: 'failed' });
      port.close();
    },
  );
}

/** Statuses whose Response may not have a body. */
const NULL_BODY_STATUS = new Set([101, 103, 204, 205, 304]);

/**
 * The worker's end: the response posted on `port`, or undefined if the page's request
 * failed (or the port closed without an answer).
 */
export function receiveResponse(port: HandOverPort): Promise<Response | undefined> {
  return new Promise((resolve) => {
    let body: ReadableStreamDefaultController<Uint8Array> | undefined;
    // Chunks posted before the page saw a cancel still arrive: dropped once the body is over.
    let reading = true;
    const finish = () => {
      reading = false;
      port.close();
    };
    port.onmessage = ({ data }) => {
      if (!reading) return;
      switch (data.kind) {
        case 'head': {
          const stream = new ReadableStream<Uint8Array>({
            start(controller) {
              body = controller;
            },
            cancel() {
              port.postMessage({ kind: 'cancel' });
              finish();
            },
          });
          try {
            const response = new Response(NULL_BODY_STATUS.has(data.status) ? null : stream, {
              status: data.status,
              statusText: data.statusText,
              headers: data.headers,
            });
            // A constructed Response has no URL; the redirect check reads the one that answered.
            Object.defineProperty(response, 'url', { value: data.url });
            resolve(response);
          } catch {
            port.postMessage({ kind: 'cancel' });
            finish();
            resolve(undefined);
          }
          return;
        }
        case 'chunk':
          body?.enqueue(data.bytes);
          return;
        case 'end':
          body?.close();
          finish();
          return;
        case 'broken':
          body?.error(new TypeError('The connection broke while the response was being read.'));
          finish();
          return;
        case 'failed':
          finish();
          resolve(undefined);
          return;
        case 'cancel':
          return;
      }
    };
  });
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The request was cancelled.', 'AbortError');
}

/**
 * A fetch whose first plain GET of `url` is answered with the handed response, and
 * every other request (a retry, the CORS probe, other URLs) by `fallback`; so is the
 * first one when the page's request failed, so that the failure is classified as usual.
 */
export function fetchWithHandedResponse(
  url: string,
  handed: Promise<Response | undefined>,
  fallback: FetchLike,
): FetchLike {
  let used = false;
  return async (input, init) => {
    if (used || input !== url || (init.method ?? 'GET') !== 'GET' || (init.mode ?? 'cors') !== 'cors') {
      return fallback(input, init);
    }
    used = true;
    const signal = init.signal ?? undefined;
    const stop = () => void handed.then((late) => late?.body?.cancel().catch(() => undefined));
    if (signal?.aborted) {
      stop();
      throw abortReason(signal);
    }
    const response = await new Promise<Response | undefined>((resolve, reject) => {
      const onAbort = () => {
        stop();
        reject(abortReason(signal as AbortSignal));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      handed.then(
        (value) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(value);
        },
        () => {
          signal?.removeEventListener('abort', onAbort);
          resolve(undefined);
        },
      );
    });
    // Cancelled while the body is read, the reader cancels the stream: the page stops reading too.
    return response ?? fallback(input, init);
  };
}
