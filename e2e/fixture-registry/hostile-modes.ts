// DERIVED hostile modes: the main registry's answers, delivered the way a broken or
// hostile registry (or a real one, less kind than this fixture) delivers them. Each mode
// lives under `/hostile/<mode>`, which is a registry base URL of its own:
// `?registry=http://127.0.0.1:4873/hostile/stall`.
import type { IncomingMessage, ServerResponse } from 'node:http';

export const HOSTILE_PREFIX = '/hostile/';

export type HostileMode =
  | 'stall'
  | 'stall-attestations'
  | 'redirect-away'
  | 'redirect-attestations-away'
  | 'redirect-within'
  | 'no-cors-attestations'
  | 'no-cors-errors'
  | 'hidden-retry-after';

export const HOSTILE_MODE_DESCRIPTIONS: Readonly<Record<HostileMode, string>> = {
  stall:
    'Every answer sends its status, headers and the first half of its body, then nothing more: the connection stays open, silent, until the client gives up.',
  'stall-attestations':
    'Packuments and keys as on the main registry; every attestations answer sends headers and half its body, then stalls.',
  'redirect-away':
    'Every packument answers 302 to the same document on another origin (127.0.0.1 and localhost swapped, same port), which serves it with CORS.',
  'redirect-attestations-away':
    'Packuments as on the main registry; every attestations answer is a 302 to another origin (127.0.0.1 and localhost swapped).',
  'redirect-within':
    'Every packument answers 302 to the same document on the main registry, same origin: a redirect a client may follow.',
  'no-cors-attestations':
    'Packuments with CORS headers, but attestations and keys without any: a browser refuses to let the page read them.',
  'no-cors-errors':
    'As the main registry, but every error answer (4xx, 5xx, 429) comes without CORS headers, as many CDNs send them.',
  'hidden-retry-after':
    'CORS on every answer, but Retry-After is not exposed (no Access-Control-Expose-Headers): a browser cannot read how long a 429 asks to wait.',
};

const MODES = new Set(Object.keys(HOSTILE_MODE_DESCRIPTIONS));
const ATTESTATIONS_PATH = '/-/npm/v1/attestations/';
const KEYS_PATH = '/-/npm/v1/keys';

export interface HostileRequest {
  mode: HostileMode;
  /** The mode's prefix, `/hostile/<mode>`: part of the origin written into documents. */
  prefix: string;
  /** The request target without the prefix, as the main registry would see it. */
  rest: string;
}

export function parseHostile(target: string): HostileRequest | undefined {
  if (!target.startsWith(HOSTILE_PREFIX)) return undefined;
  const slash = target.indexOf('/', HOSTILE_PREFIX.length);
  const end = slash < 0 ? target.length : slash;
  const mode = target.slice(HOSTILE_PREFIX.length, end).split('?')[0] ?? '';
  if (!MODES.has(mode)) return undefined;
  const rest = slash < 0 ? '/' : target.slice(slash);
  return { mode: mode as HostileMode, prefix: `${HOSTILE_PREFIX}${mode}`, rest };
}

/** What a mode does with one request, before the main registry's answer is sent. */
export type HostileAction =
  | { kind: 'normal'; cors: 'all' | 'none' | 'success-only'; exposeRetryAfter: boolean }
  | { kind: 'stall' }
  | { kind: 'redirect'; location: string };

export function hostileAction(hostile: HostileRequest, request: IncomingMessage, host: string): HostileAction {
  const path = hostile.rest.split('?')[0] ?? '/';
  const attestations = path.startsWith(ATTESTATIONS_PATH);
  const keys = path === KEYS_PATH;
  const packument = !attestations && !keys && !path.startsWith('/-/');
  const normal: HostileAction = { kind: 'normal', cors: 'all', exposeRetryAfter: true };
  switch (hostile.mode) {
    case 'stall':
      return { kind: 'stall' };
    case 'stall-attestations':
      return attestations ? { kind: 'stall' } : normal;
    case 'redirect-away':
      return packument ? { kind: 'redirect', location: `http://${otherHost(host)}${hostile.rest}` } : normal;
    case 'redirect-attestations-away':
      return attestations ? { kind: 'redirect', location: `http://${otherHost(host)}${hostile.rest}` } : normal;
    case 'redirect-within':
      return packument && request.method !== 'OPTIONS'
        ? { kind: 'redirect', location: `http://${host}${hostile.rest}` }
        : normal;
    case 'no-cors-attestations':
      return attestations || keys ? { ...normal, cors: 'none' } : normal;
    case 'no-cors-errors':
      return { ...normal, cors: 'success-only' };
    case 'hidden-retry-after':
      return { ...normal, exposeRetryAfter: false };
  }
}

/** The same server under another origin: 127.0.0.1 ↔ localhost, same port. */
export function otherHost(host: string): string {
  const [name, port] = host.startsWith('[') ? [host, ''] : (host.split(':') as [string, string?]);
  const other = name === 'localhost' ? '127.0.0.1' : 'localhost';
  return port ? `${other}:${port}` : other;
}

/**
 * Sends the status, the headers and the first half of `body`, then nothing: the
 * response is never ended. The socket is freed when the client goes away.
 */
export function sendStalled(
  response: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: Buffer,
): void {
  const open = { ...headers };
  delete open['Content-Length'];
  delete open['Content-Encoding'];
  response.writeHead(status, open);
  response.write(body.subarray(0, Math.max(1, Math.floor(body.length / 2))));
  response.on('close', () => response.destroy());
}
