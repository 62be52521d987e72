// The fixture npm registry over HTTP (node:http, no framework). It answers at the npm
// registry's real paths, on the main registry and under each sub-registry prefix, with
// CORS for a browser app, and rewrites the recorded origin in every document to the
// origin the client used, as a registry mirror does.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import {
  ABBREVIATED_CONTENT_TYPE,
  JSON_CONTENT_TYPE,
  LazyDocument,
  jsonReply,
  type RegistryCatalog,
  type Reply,
} from './catalog';
import { SUB_REGISTRY_DESCRIPTIONS, type CaseEntry } from './cases';
import { RECORDED_ORIGIN, loadRecordedFixtures, resolveFixturesDir } from './fixtures';
import { hostileAction, parseHostile, sendStalled, type HostileAction } from './hostile-modes';
import { buildRegistries, type RegistrySet } from './registries';
import { TUF_PREFIX, TUF_STALL_PREFIX, createTufRoutes, type TufRoutes } from './tuf-routes';
import { reviewFixtures } from './review/review-catalog';
import { meter, meteredStatsBody, parseMetered } from './metered';

export const DEFAULT_PORT = 4873;
export const LOOPBACK_HOST = '127.0.0.1';

export interface RegistryHandlerOptions {
  /** Defaults to $FIXTURES_DIR or ../shared/fixtures next to the repository. */
  fixturesDir?: string;
  /** Where unexpected errors are reported; console.error by default. */
  log?: (message: string) => void;
}

export type RegistryHandler = (request: IncomingMessage, response: ServerResponse) => void;

const NOT_FOUND = jsonReply(LazyDocument.of('{"error":"Not found"}'), 404);
const METHOD_NOT_ALLOWED = jsonReply(LazyDocument.of('{"error":"Method Not Allowed"}'), 405, {
  Allow: 'GET, HEAD, OPTIONS',
});
const INTERNAL_ERROR = jsonReply(LazyDocument.of('{"error":"Internal Server Error"}'), 500);
const HEALTHY: Reply = { status: 200, contentType: 'text/plain; charset=utf-8', body: LazyDocument.of('ok') };

const KEYS_PATH = '/-/npm/v1/keys';
const ATTESTATIONS_PATH = '/-/npm/v1/attestations/';
/** Smaller bodies are not worth compressing. */
const GZIP_MIN_BYTES = 1024;

/**
 * What to send: a CORS preflight answer, or a reply and the origin to write into it in
 * place of the recorded one.
 */
type Answer = { preflight: true } | { preflight?: false; reply: Reply; origin?: string };

export function createRegistryHandler(options: RegistryHandlerOptions = {}): RegistryHandler {
  // Everything recorded is read (and every small derived case built) here, so a missing
  // fixture fails at start-up, not on some later request.
  const fixturesDir = options.fixturesDir ?? resolveFixturesDir();
  const registries = buildRegistries(loadRecordedFixtures(fixturesDir));
  const tuf = createTufRoutes(fixturesDir);
  const log = options.log ?? ((message: string) => console.error(message));
  return (request, response) => {
    if (request.method === 'GET' && requestPath(request.url ?? '/').startsWith(TUF_STALL_PREFIX)) {
      stall(response);
      return;
    }
    // A hostile mode (hostile-modes.ts): the main registry's answer, delivered badly.
    const hostile = parseHostile(request.url ?? '/');
    const action: HostileAction = hostile
      ? hostileAction(hostile, request, requestHost(request))
      : { kind: 'normal', cors: 'all', exposeRetryAfter: true };
    if (action.kind === 'redirect') {
      response.writeHead(302, { ...CORS_HEADERS, Location: action.location, 'Cache-Control': 'no-store' });
      response.end();
      return;
    }
    // A metered registry (metered.ts): the main registry's answer, delayed and counted.
    const metered = hostile ? undefined : parseMetered(request.url ?? '/');
    const stats = meteredStatsBody(requestPath(request.url ?? '/'));
    const respond = () => {
      let answer: Answer;
      try {
        answer = stats !== undefined ? { reply: jsonReply(LazyDocument.of(stats)) } : route(registries, request, tuf, metered?.rest ?? hostile?.rest, metered?.prefix ?? hostile?.prefix);
      } catch (error) {
        log(`fixture registry: ${request.method ?? '?'} ${request.url ?? '?'} failed: ${describe(error)}`);
        answer = { reply: INTERNAL_ERROR };
      }
      send(request, response, answer, action);
    };
    if (metered) meter(metered, request, response, respond, CORS_HEADERS);
    else respond();
  };
}

/** Headers and a first byte, then nothing until the client gives up (closed after 30 s at most). */
function stall(response: ServerResponse): void {
  response.writeHead(200, { ...CORS_HEADERS, 'Content-Type': JSON_CONTENT_TYPE, 'Cache-Control': 'no-store' });
  response.write('{');
  const timer = setTimeout(() => response.destroy(), 30_000);
  response.on('close', () => clearTimeout(timer));
}

function route(
  registries: RegistrySet,
  request: IncomingMessage,
  tuf: TufRoutes,
  target?: string,
  hostilePrefix = '',
): Answer {
  const method = request.method ?? 'GET';
  if (method === 'OPTIONS') return { preflight: true };
  if (method !== 'GET' && method !== 'HEAD') return { reply: METHOD_NOT_ALLOWED };
  const path = requestPath(target ?? request.url ?? '/');
  const host = requestHost(request);
  if (path === '/__health') return { reply: HEALTHY };
  // The dependency-review tree and its lockfiles (review/review-catalog.ts), on every registry.
  const review = reviewFixtures(registries);
  if (path === '/__cases') return { reply: casesReply([...registries.cases, ...review.cases], `http://${host}`) };
  // TUF files are served byte for byte: their hashes and signatures cover them.
  if (path.startsWith(TUF_PREFIX)) return { reply: tuf.reply(path) };

  const { catalog, prefix, rest } = hostilePrefix
    ? { catalog: registries.main, prefix: hostilePrefix, rest: path }
    : selectRegistry(registries, path);
  const origin = `http://${host}${prefix}`;
  const reply = review.lockfiles.get(rest) ?? routeRegistry(review.serves(rest) ? review.catalog : catalog, rest, request.headers.accept);
  return { reply, origin };
}

function routeRegistry(catalog: RegistryCatalog, path: string, accept: string | undefined): Reply {
  if (path === KEYS_PATH) return jsonReply(catalog.keys);
  if (path.startsWith(ATTESTATIONS_PATH)) {
    const spec = safeDecode(path.slice(ATTESTATIONS_PATH.length));
    return (spec !== undefined && catalog.attestations.get(spec)) || NOT_FOUND;
  }
  if (path.startsWith('/-/')) return NOT_FOUND;
  const target = parsePackagePath(path);
  const entry = target && catalog.packages.get(target.name);
  if (!target || !entry) return NOT_FOUND;
  if (entry.failure) return entry.failure;
  if (target.version !== undefined) {
    const document = entry.versionDocument(target.version);
    return document ? jsonReply(document) : NOT_FOUND;
  }
  if (entry.abbreviated && wantsAbbreviated(accept)) {
    return { status: 200, contentType: ABBREVIATED_CONTENT_TYPE, body: entry.abbreviated };
  }
  return entry.packument ? jsonReply(entry.packument) : NOT_FOUND;
}

/** The path without query, from origin-form (`/x?y`) or absolute-form (`http://h/x`) targets. */
function requestPath(target: string): string {
  if (!target.startsWith('/')) {
    try {
      return new URL(target).pathname;
    } catch {
      return '/';
    }
  }
  const query = target.indexOf('?');
  return query < 0 ? target : target.slice(0, query);
}

// The Host header is written into JSON text, so it must be a plain host[:port]; anything
// else falls back to the address the connection actually reached.
const HOST_PATTERN = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

function requestHost(request: IncomingMessage): string {
  const host = request.headers.host;
  if (host && HOST_PATTERN.test(host)) return host;
  const { localAddress, localPort } = request.socket;
  const address = localAddress?.includes(':') ? `[${localAddress}]` : (localAddress ?? LOOPBACK_HOST);
  return `${address}:${localPort ?? DEFAULT_PORT}`;
}

function selectRegistry(
  registries: RegistrySet,
  path: string,
): { catalog: RegistryCatalog; prefix: string; rest: string } {
  const slash = path.indexOf('/', 1);
  const first = slash < 0 ? path.slice(1) : path.slice(1, slash);
  const sub = registries.subRegistries.get(first);
  if (!sub) return { catalog: registries.main, prefix: '', rest: path };
  return { catalog: sub, prefix: `/${first}`, rest: slash < 0 ? '/' : path.slice(slash) };
}

/**
 * `/name`, `/name/version`, `/@scope/name`, `/@scope/name/version`, and the scoped
 * forms with the slash encoded (`/@scope%2fname`, `%2F`), all of which npm accepts.
 */
export function parsePackagePath(path: string): { name: string; version?: string } | undefined {
  const segments = path.slice(1).split('/').map(safeDecode);
  if (segments.some((s) => s === undefined || s === '')) return undefined;
  const [first, second, third, ...extra] = segments as string[];
  if (!first) return undefined;
  if (first.startsWith('@') && !first.includes('/')) {
    if (!second || extra.length > 0) return undefined;
    return { name: `${first}/${second}`, ...(third !== undefined ? { version: third } : {}) };
  }
  if (third !== undefined) return undefined;
  return { name: first, ...(second !== undefined ? { version: second } : {}) };
}

function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

// npm's client asks `application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8, */*`.
// The abbreviated form is chosen when it is acceptable and not less preferred than JSON.
export function wantsAbbreviated(accept: string | undefined): boolean {
  const install = mediaQuality(accept, ABBREVIATED_CONTENT_TYPE);
  return install > 0 && install >= mediaQuality(accept, JSON_CONTENT_TYPE);
}

function mediaQuality(header: string | undefined, type: string): number {
  return qualityOf(header, (token) => token.toLowerCase() === type);
}

function acceptsGzip(header: string | undefined): boolean {
  return qualityOf(header, (token) => token.toLowerCase() === 'gzip') > 0;
}

/** The q-value of the first listed token that matches, 0 when none does. */
function qualityOf(header: string | undefined, matches: (token: string) => boolean): number {
  for (const part of (header ?? '').split(',')) {
    const [token = '', ...params] = part.split(';').map((p) => p.trim());
    if (!matches(token)) continue;
    const q = params.find((p) => p.toLowerCase().startsWith('q='));
    const value = q === undefined ? 1 : Number(q.slice(2));
    return Number.isFinite(value) ? value : 0;
  }
  return 0;
}

function casesReply(cases: CaseEntry[], origin: string): Reply {
  const list = cases.map(({ prefix, path, ...entry }) => ({
    ...entry,
    baseUrl: `${origin}${prefix}`,
    url: `${origin}${prefix}${path}`,
    ...(entry.registry === 'main' ? {} : { registryDescription: SUB_REGISTRY_DESCRIPTIONS[entry.registry] }),
  }));
  return jsonReply(LazyDocument.of(JSON.stringify(list, null, 2)));
}

// On every response, errors included: a browser hides a response without them from the
// app, which would then see a network error instead of the registry's 404 or 429.
const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  // Lets the app read how long a 429 asks it to wait.
  'Access-Control-Expose-Headers': 'Retry-After',
};

function corsHeaders(action: HostileAction, status: number): Record<string, string> {
  if (action.kind !== 'normal') return CORS_HEADERS;
  if (action.cors === 'none' || (action.cors === 'success-only' && status >= 400)) return {};
  return action.exposeRetryAfter ? CORS_HEADERS : { 'Access-Control-Allow-Origin': '*' };
}

function send(request: IncomingMessage, response: ServerResponse, answer: Answer, action: HostileAction): void {
  if (answer.preflight) {
    response.writeHead(204, {
      ...corsHeaders(action, 204),
      'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS',
      'Access-Control-Allow-Headers': '*',
      'Access-Control-Max-Age': '600',
    });
    response.end();
    return;
  }
  const { reply, origin } = answer;
  const headers: Record<string, string> = {
    ...corsHeaders(action, reply.status),
    'Cache-Control': 'no-store',
    Vary: 'Accept, Accept-Encoding',
    ...reply.headers,
  };
  const gzip = action.kind !== 'stall' && acceptsGzip(request.headers['accept-encoding']);
  const body = encodedBody(reply.body, origin, gzip);
  if (action.kind === 'stall') {
    headers['Content-Type'] = reply.contentType;
    sendStalled(response, reply.status, headers, body.data);
    return;
  }
  headers['Content-Type'] = reply.contentType;
  headers['Content-Length'] = String(body.data.length);
  if (body.gzipped) headers['Content-Encoding'] = 'gzip';
  response.writeHead(reply.status, headers);
  response.end(request.method === 'HEAD' ? undefined : body.data);
}

interface EncodedBody {
  data: Buffer;
  gzipped: boolean;
}

// Bodies are cached per document, origin and encoding: the ~20 MB derived packument
// would otherwise be rewritten and compressed again on every request of a benchmark.
const encodedCache = new WeakMap<LazyDocument, Map<string, EncodedBody>>();
const MAX_CACHED_VARIANTS = 8;

function encodedBody(document: LazyDocument, origin: string | undefined, gzip: boolean): EncodedBody {
  const key = `${origin ?? ''}\n${gzip ? 'gzip' : 'identity'}`;
  let variants = encodedCache.get(document);
  const cached = variants?.get(key);
  if (cached) return cached;
  // A plain text replacement, so the recorded documents stay exactly as recorded.
  const text = origin === undefined ? document.text : document.text.replaceAll(RECORDED_ORIGIN, origin);
  const raw = Buffer.from(text, 'utf8');
  const encoded =
    gzip && raw.length >= GZIP_MIN_BYTES ? { data: gzipSync(raw), gzipped: true } : { data: raw, gzipped: false };
  if (!variants) {
    variants = new Map();
    encodedCache.set(document, variants);
  }
  if (variants.size >= MAX_CACHED_VARIANTS) {
    const oldest = variants.keys().next().value;
    if (oldest !== undefined) variants.delete(oldest);
  }
  variants.set(key, encoded);
  return encoded;
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

export interface StartedRegistry {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

/** Starts the registry on the loopback interface; port 0 picks a free port. */
export async function startFixtureRegistry(
  options: RegistryHandlerOptions & { port?: number } = {},
): Promise<StartedRegistry> {
  const server = createServer(createRegistryHandler(options));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_PORT, LOOPBACK_HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${LOOPBACK_HOST}:${port}`,
    port,
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
