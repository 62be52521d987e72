// The worker's bootstrap of lib/early-request.ts, in a stand-in worker scope; its
// rules against the app's are tested in app/early-request-rules.test.ts.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EARLY_RESPONSE_GLOBAL, registryBootstrap } from './early-request';

describe('registryBootstrap', () => {
  const scope = globalThis as unknown as Record<string, unknown>;
  afterEach(() => {
    vi.unstubAllGlobals();
    delete scope[EARLY_RESPONSE_GLOBAL];
    delete scope.__earlyRequestFixtureLoaded;
    delete scope.__earlyRequestFixtureThrows;
  });

  function stubWorkerScope() {
    const target = new EventTarget();
    const fetchSpy = vi.fn(async (_url: string, _init: RequestInit) => new Response('{"name":"x"}', { status: 200 }));
    vi.stubGlobal('fetch', fetchSpy);
    vi.stubGlobal('addEventListener', target.addEventListener.bind(target));
    vi.stubGlobal('removeEventListener', target.removeEventListener.bind(target));
    vi.stubGlobal('dispatchEvent', target.dispatchEvent.bind(target));
    return { target, fetchSpy };
  }

  it('sends the request the HTTP client would send, and leaves the response for the service', async () => {
    const { fetchSpy } = stubWorkerScope();
    const evaluated = new Promise<void>((resolve) => {
      scope.__earlyRequestFixtureLoaded = resolve;
    });
    registryBootstrap({
      url: 'https://r.test/x',
      workerUrl: new URL('./early-request.fixture.ts?request', import.meta.url).href,
      globalName: EARLY_RESPONSE_GLOBAL,
    });
    expect(fetchSpy).toHaveBeenCalledOnce();
    const [url, init] = fetchSpy.mock.calls[0]!;
    expect(url).toBe('https://r.test/x');
    // net/http-client.ts `send`: GET, only the Accept header, no credentials, redirects followed.
    expect({ ...init, signal: undefined }).toEqual({
      method: 'GET',
      headers: { Accept: 'application/json' },
      credentials: 'omit',
      redirect: 'follow',
      signal: undefined,
    });
    // The worker module loads; then the bootstrap stops holding messages.
    await evaluated;
    await new Promise((resolve) => setImmediate(resolve));
    const held = scope[EARLY_RESPONSE_GLOBAL] as { url: string; response: Promise<Response>; abort: () => void };
    expect(held.url).toBe('https://r.test/x');
    expect(await (await held.response).json()).toEqual({ name: 'x' });
    held.abort();
    expect(init.signal?.aborted).toBe(true);
  });

  it('holds the messages that arrive before the worker module listens, and passes them on in order', async () => {
    const { target } = stubWorkerScope();
    const seen: unknown[] = [];
    const listening = new Promise<void>((resolve) => {
      let listens = false;
      // Once: another test's import of the fixture may be evaluated while this one runs.
      scope.__earlyRequestFixtureLoaded = () => {
        if (listens) return;
        listens = true;
        target.addEventListener('message', (event) => seen.push((event as MessageEvent).data));
        resolve();
      };
    });
    registryBootstrap({
      url: 'https://r.test/x',
      // A query of its own: a module already imported would not be evaluated again.
      workerUrl: new URL('./early-request.fixture.ts?messages', import.meta.url).href,
      globalName: EARLY_RESPONSE_GLOBAL,
    });
    target.dispatchEvent(new MessageEvent('message', { data: 1 }));
    target.dispatchEvent(new MessageEvent('message', { data: 2 }));
    await listening;
    await vi.waitFor(() => expect(seen).toEqual([1, 2]));
    target.dispatchEvent(new MessageEvent('message', { data: 3 }));
    expect(seen).toEqual([1, 2, 3]);
  });

  it('a worker module that fails to load aborts the request and is reported as the worker error', async () => {
    const { fetchSpy } = stubWorkerScope();
    const timers: (() => void)[] = [];
    vi.stubGlobal('setTimeout', (run: () => void) => timers.push(run));
    scope.__earlyRequestFixtureThrows = true;
    registryBootstrap({
      url: 'https://r.test/x',
      workerUrl: new URL('./early-request.fixture.ts?throws', import.meta.url).href,
      globalName: EARLY_RESPONSE_GLOBAL,
    });
    const init = fetchSpy.mock.calls[0]![1];
    await vi.waitFor(() => expect(timers).not.toHaveLength(0));
    expect(init.signal?.aborted).toBe(true);
    // Thrown from a task of its own: the page sees it as the worker's `error` event.
    expect(timers).toHaveLength(1);
    expect(() => timers[0]!()).toThrow(/fails to load/);
  });
});
