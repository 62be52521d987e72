// DERIVED metered registries: the main registry's answers under `/metered/<id>` (a
// registry base URL of its own), with every package document delayed a little so that
// requests overlap, and counted at the server: how many were in flight at once (the
// dependency review's concurrency setting bounds it) and which were asked. Under
// `/metered-retry/<id>` the first two package documents asked for answer once with 429
// `Retry-After: 1` and 503 `Retry-After: <an HTTP date 2 s ahead>`, then normally: the
// client must wait as asked, then ask again. Each id's figures are at `/__metered/<id>`.
import type { IncomingMessage, ServerResponse } from 'node:http';

const PREFIXES = ['/metered/', '/metered-retry/'] as const;
export const METERED_STATS_PREFIX = '/__metered/';
/** Long enough for requests to overlap, short enough for a few hundred of them. */
const DELAY_MS = 60;

export interface MeteredRequest {
  id: string;
  retry: boolean;
  /** `/metered/<id>` or `/metered-retry/<id>`: part of the origin written into documents. */
  prefix: string;
  /** The target without the prefix, as the main registry would see it. */
  rest: string;
}

interface RateLimited {
  path: string;
  status: 429 | 503;
  /** Server time of the limiting answer, and the wait it asked for. */
  at: number;
  waitSeconds: number;
  /** Server time of the next request for the same path. */
  retriedAt?: number;
}

export interface MeteredStats {
  /** Package documents asked for (GET), in arrival order. */
  packageRequests: string[];
  maxInFlight: number;
  inFlight: number;
  rateLimited: RateLimited[];
}

const stats = new Map<string, MeteredStats>();

export function parseMetered(target: string): MeteredRequest | undefined {
  const prefix = PREFIXES.find((p) => target.startsWith(p));
  if (!prefix) return undefined;
  const slash = target.indexOf('/', prefix.length);
  const id = target.slice(prefix.length, slash < 0 ? target.length : slash).split('?')[0] ?? '';
  if (!/^[\w-]{1,64}$/.test(id)) return undefined;
  return { id, retry: prefix === '/metered-retry/', prefix: `${prefix}${id}`, rest: slash < 0 ? '/' : target.slice(slash) };
}

function statsOf(id: string): MeteredStats {
  let entry = stats.get(id);
  if (!entry) {
    entry = { packageRequests: [], maxInFlight: 0, inFlight: 0, rateLimited: [] };
    stats.set(id, entry);
  }
  return entry;
}

/** `/__metered/<id>`: the figures so far, as JSON (an id never used has none). */
export function meteredStatsBody(path: string): string | undefined {
  if (!path.startsWith(METERED_STATS_PREFIX)) return undefined;
  return JSON.stringify(statsOf(path.slice(METERED_STATS_PREFIX.length)));
}

/**
 * Meters one request: `answer` is called after the delay (or a rate-limit answer is
 * sent instead). Only package documents (not `/-/…`: keys, attestations) are metered.
 */
export function meter(metered: MeteredRequest, request: IncomingMessage, response: ServerResponse, answer: () => void, cors: Record<string, string>): void {
  const path = metered.rest.split('?')[0] ?? '/';
  if (request.method !== 'GET' || path.startsWith('/-/') || path.startsWith('/__') || path === '/') {
    answer();
    return;
  }
  const entry = statsOf(metered.id);
  const now = Date.now();
  const earlier = entry.rateLimited.find((r) => r.path === path && r.retriedAt === undefined);
  if (earlier) earlier.retriedAt = now;
  entry.packageRequests.push(path);
  if (metered.retry && !earlier && entry.rateLimited.length < 2 && !entry.rateLimited.some((r) => r.path === path)) {
    const status = entry.rateLimited.length === 0 ? 429 : 503;
    // Whole seconds: an HTTP date has no finer unit, so 2 s ahead asks for 1 to 2 s.
    const retryAfter = status === 429 ? '1' : new Date(now + 2000).toUTCString();
    const waitSeconds = status === 429 ? 1 : Math.floor((Date.parse(retryAfter) - now) / 1000);
    entry.rateLimited.push({ path, status, at: now, waitSeconds });
    response.writeHead(status, { ...cors, 'Retry-After': retryAfter, 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    response.end('{"error":"slow down"}');
    return;
  }
  entry.inFlight += 1;
  entry.maxInFlight = Math.max(entry.maxInFlight, entry.inFlight);
  let done = false;
  const finish = () => {
    if (done) return;
    done = true;
    entry.inFlight -= 1;
  };
  response.on('finish', finish);
  response.on('close', finish);
  setTimeout(answer, DELAY_MS);
}
