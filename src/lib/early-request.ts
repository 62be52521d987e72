// A shared link's packument request, sent from the first lines of index.html.
//
// Why: the registry worker's own script is fetched at the browser's lowest priority and
// only once the entry module and its imports are in, so a link's packument request used
// to leave 2–3 round trips after navigation (about 400 ms on an emulated 50 Mbit/s link
// with 40 ms of latency, against 90–120 ms from here). The main thread must never
// receive the document, so the request is sent by a worker made from a `blob:` URL (no
// script to fetch first), which then imports the registry worker's real module.
//
// This module is compiled on its own and inlined into index.html at build time
// (scripts/csp-plugin.ts; the Content-Security-Policy allows that one script by its
// hash, and `blob:` workers): it imports nothing, and `registryBootstrap` is sent to the
// worker as its source text, so it uses nothing from outside its own body.
//
// The address is read with rules that accept less than the app's (app/routes.ts,
// lib/registry-setting-value.ts, core/registry): where they are unsure they send
// nothing, and the app's own request follows. The registry service adopts the request
// only for exactly the URL it would request itself (core/net/early-response.ts);
// early-request.test.ts checks both against the app's functions.

/** The page's global holding the early worker until lib/registry-client.ts adopts it. */
export const EARLY_WORKER_GLOBAL = '__provenanceExplorerRegistryWorker';
/** = core/net/early-response.ts EARLY_RESPONSE_GLOBAL (this module imports nothing; a test checks). */
export const EARLY_RESPONSE_GLOBAL = '__provenanceExplorerEarlyPackument';
/** = lib/registry-setting-value.ts's storage key (checked by a test). */
export const REGISTRY_STORAGE_KEY = 'provenance-explorer.registry';
const DEFAULT_REGISTRY = 'https://registry.npmjs.org';

interface EarlyWorker {
  worker: Worker;
  failed: boolean;
}

/** The packument URL a shared link will load, or null when unsure (the app then requests it). */
export function earlyPackumentUrl(hash: string, search: string, saved: string | null): string | null {
  const name = packageOfHash(hash);
  if (name === null) return null;
  const fromUrl = new URLSearchParams(search).get('registry');
  const base = registryBase(fromUrl ?? saved ?? DEFAULT_REGISTRY);
  if (base === null) return null;
  return `${base}/${name.startsWith('@') ? name.replace('/', '%2f') : name}`;
}

/** The package of a route that loads one (timeline, version, audit, comparison), if its name is plainly valid. */
function packageOfHash(hash: string): string | null {
  const path = hash.replace(/^#/, '');
  if (!path.startsWith('/package/')) return null;
  const segments = path.split('/').slice(2);
  // Names of the plainest form only: lower case, URL-safe, no encoding, at most 214
  // characters (what validate-npm-package-name accepts for any new package).
  const part = /^[a-z0-9~-][a-z0-9._~-]*$/;
  const scoped = segments[0]?.startsWith('@') ?? false;
  const nameParts = segments.slice(0, scoped ? 2 : 1);
  if (scoped && (nameParts.length < 2 || !part.test(nameParts[0]!.slice(1)))) return null;
  const last = nameParts[nameParts.length - 1];
  if (last === undefined || !part.test(last)) return null;
  const name = nameParts.join('/');
  if (name.length > 214 || name === 'node_modules' || name === 'favicon.ico') return null;
  // What follows the name must make one of the package's routes (app/routes.ts).
  const rest = segments.slice(nameParts.length).filter((segment) => segment !== '');
  const plain = (segment: string | undefined) => segment !== undefined && /^[A-Za-z0-9._~+-]+$/.test(segment);
  const routes =
    rest.length === 0 ||
    (rest[0] === 'v' && rest.length === 2 && plain(rest[1])) ||
    (rest[0] === 'v' && rest.length === 3 && plain(rest[1]) && rest[2] === 'audit') ||
    (rest[0] === 'compare' && rest.length === 3 && plain(rest[1]) && plain(rest[2]));
  return routes ? name : null;
}

/** core/registry/registry-url.ts `normalizeRegistryUrl`, or null where it would refuse. */
function registryBase(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (url.username || url.password || url.search || !url.hostname) return null;
  url.hash = '';
  url.search = '';
  return url.toString().replace(/\/+$/, '');
}

/**
 * Runs in the worker, from its source text: sends the request, reads the body as it
 * arrives (unread, the download would stall once the browser's buffer is full), leaves
 * the response for the registry service, then imports the registry worker's module.
 * Messages that arrive before that module listens are held and passed on in order.
 */
export function registryBootstrap(args: { url: string; workerUrl: string; globalName: string }): void {
  const controller = new AbortController();
  // The one request made before the core is loaded; its answer then goes through the
  // core's HTTP client like any other (core/net/early-response.ts).
  // eslint-disable-next-line no-restricted-syntax -- the request sent before the core is loaded (see above)
  const response = fetch(args.url, {
    method: 'GET',
    headers: { Accept: 'application/json' },
    credentials: 'omit',
    redirect: 'follow',
    signal: controller.signal,
  }).then((answer) => {
    // Statuses that cannot carry a body are passed on as they are.
    if (!answer.body || answer.status < 200 || [204, 205, 304].includes(answer.status)) return answer;
    // An unbounded queue: the body is read at the network's pace, whoever reads it later.
    const buffered = answer.body.pipeThrough(new TransformStream(undefined, undefined, { highWaterMark: Infinity }));
    const copy = new Response(buffered, {
      status: answer.status,
      statusText: answer.statusText,
      headers: answer.headers,
    });
    // A constructed response has no URL: the HTTP client checks redirects against it.
    Object.defineProperty(copy, 'url', { value: answer.url });
    Object.defineProperty(copy, 'redirected', { value: answer.redirected });
    return copy;
  });
  // Rejections are the adopter's to report; unadopted, nobody needs to hear of them.
  response.catch(() => undefined);
  (globalThis as unknown as Record<string, unknown>)[args.globalName] = {
    url: args.url,
    response,
    abort: () => controller.abort(),
  };
  const held: MessageEvent[] = [];
  const hold = (event: MessageEvent) => void held.push(event);
  addEventListener('message', hold);
  import(/* @vite-ignore */ args.workerUrl).then(
    () => {
      removeEventListener('message', hold);
      for (const event of held)
        dispatchEvent(new MessageEvent('message', { data: event.data, ports: [...event.ports] }));
    },
    (error: unknown) => {
      controller.abort();
      // Reported to the page as the worker's error event: the app starts another worker.
      setTimeout(() => {
        throw error;
      });
    },
  );
}

/** In index.html: starts the registry worker with the link's packument request, if the address is a package's. */
export function startEarlyRegistryWorker(workerPath: string): void {
  try {
    let saved: string | null = null;
    if (new URLSearchParams(location.search).get('registry') === null) {
      try {
        saved = localStorage.getItem(REGISTRY_STORAGE_KEY);
      } catch {
        // Storage blocked: the default registry, as the app would.
      }
    }
    const url = earlyPackumentUrl(location.hash, location.search, saved);
    if (url === null) return;
    const args = { url, workerUrl: new URL(workerPath, document.baseURI).href, globalName: EARLY_RESPONSE_GLOBAL };
    const source = `(${registryBootstrap.toString()})(${JSON.stringify(args)});`;
    const worker = new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })), {
      type: 'module',
      name: 'registry',
    });
    const early: EarlyWorker = { worker, failed: false };
    worker.addEventListener('error', () => {
      early.failed = true;
    });
    (globalThis as unknown as Record<string, unknown>)[EARLY_WORKER_GLOBAL] = early;
  } catch {
    // Anything unexpected here only loses the head start: the app sends its own request.
  }
}

/** The early registry worker, once (lib/registry-client.ts), unless it failed to start. */
export function takeEarlyRegistryWorker(): Worker | undefined {
  const holder = globalThis as unknown as Record<string, unknown>;
  const early = holder[EARLY_WORKER_GLOBAL] as EarlyWorker | undefined;
  delete holder[EARLY_WORKER_GLOBAL];
  if (!early) return undefined;
  if (early.failed) {
    early.worker.terminate();
    return undefined;
  }
  return early.worker;
}
