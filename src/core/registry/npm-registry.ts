// Everything npm-specific about talking to a registry: its paths, its packument, its
// attestations endpoint and its keys. PyPI and RubyGems publish Sigstore attestations
// too; a second registry would be a sibling of this module with the same functions.
import type { PackageRecord, VersionRecord } from '../model';
import {
  DEFAULT_ATTESTATIONS_TOTAL_TIMEOUT_MS,
  DEFAULT_PACKUMENT_TOTAL_TIMEOUT_MS,
  getJson,
  type FetchLike,
  type GetJsonOptions,
} from '../net/http-client';
import { RegistryError } from '../net/http-errors';
import type { NetSettings } from '../net/net-settings';
import { normalizeRegistryUrl } from './registry-url';
import { checkPackageName } from './package-name';
import { mergeRegistryKeys, parseRegistryKeysResponse, type RegistryKey } from './npm-keys';
import { parsePackument } from './npm-packument';

export interface RequestOptions {
  signal?: AbortSignal;
  fetchImpl?: FetchLike;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Timeouts and the attestation proxy; the defaults when absent. */
  net?: NetSettings;
}

function requestOptions(options: RequestOptions, totalTimeoutMs: number): GetJsonOptions {
  const { net, ...rest } = options;
  return { ...rest, totalTimeoutMs, ...(net?.idleTimeoutMs !== undefined ? { idleTimeoutMs: net.idleTimeoutMs } : {}) };
}

/**
 * Where attestations and keys are read: the attestation proxy when one is set, else the
 * registry. Both are checked again here (a worker gets them as plain strings), so an
 * invalid address stops with INVALID_REGISTRY_URL instead of reaching any registry.
 */
function attestationBase(base: string, net: NetSettings | undefined): string {
  return normalizeRegistryUrl(net?.attestationProxy ?? base);
}

const ATTESTATIONS_PATH = '/-/npm/v1/attestations/';
const KEYS_PATH = '/-/npm/v1/keys';

/** `@scope/name` → `@scope%2fname`, the form npm's own client requests. */
export function encodePackageName(name: string): string {
  if (name.startsWith('@') && name.includes('/')) {
    const [scope, pkg] = name.slice(1).split('/', 2) as [string, string];
    return `@${encodeURIComponent(scope)}%2f${encodeURIComponent(pkg)}`;
  }
  return encodeURIComponent(name);
}

export function packumentUrl(base: string, name: string): string {
  return `${base}/${encodePackageName(name)}`;
}

export function keysUrl(base: string): string {
  return `${base}${KEYS_PATH}`;
}

/**
 * `dist.attestations.url` names the registry that recorded the packument. We fetch from
 * the configured registry instead (a mirror, the fixture registry), keeping the path's
 * `<name>@<version>` part; a URL without the known path is rebuilt from name@version, so
 * metadata can never point the app at another host.
 */
export function attestationsUrl(base: string, record: Pick<VersionRecord, 'name' | 'version' | 'dist'>): string {
  const claimed = record.dist.attestations?.url;
  if (claimed) {
    try {
      const { pathname } = new URL(claimed);
      const at = pathname.indexOf(ATTESTATIONS_PATH);
      if (at >= 0) {
        const spec = pathname.slice(at + ATTESTATIONS_PATH.length);
        if (spec && !spec.includes('..')) return `${base}${ATTESTATIONS_PATH}${spec}`;
      }
    } catch {
      // Not a URL: rebuilt below.
    }
  }
  return `${base}${ATTESTATIONS_PATH}${encodePackageName(record.name)}@${encodeURIComponent(record.version)}`;
}

export async function fetchPackage(
  base: string,
  rawName: string,
  options: RequestOptions & {
    /** Called with the checked document before it is parsed (to parse some of it first). */
    onDocument?: (doc: unknown, name: string) => void;
  } = {},
): Promise<PackageRecord> {
  const check = checkPackageName(rawName);
  if (!check.ok) {
    throw new RegistryError({
      code: 'INVALID_NAME',
      message: `"${check.name}" is not a valid npm package name.`,
      problems: check.problems,
    });
  }
  const url = packumentUrl(normalizeRegistryUrl(base), check.name);
  try {
    // The full document: the abbreviated install form lacks `time` and `_npmUser`.
    const { body } = await getJson(url, {
      ...requestOptions(options, DEFAULT_PACKUMENT_TOTAL_TIMEOUT_MS),
      accept: 'application/json',
    });
    if (typeof body !== 'object' || body === null || Array.isArray(body) || !('versions' in body)) {
      throw new RegistryError({
        code: 'MALFORMED_RESPONSE',
        message: 'The registry answered with a document that is not a packument (it has no "versions").',
        url,
      });
    }
    const documentName = (body as { name?: unknown }).name;
    if (typeof documentName === 'string' && documentName !== check.name) {
      throw new RegistryError({
        code: 'MALFORMED_RESPONSE',
        message: `Asked for "${check.name}", the registry answered with the packument of "${documentName}".`,
        url,
      });
    }
    options.onDocument?.(body, check.name);
    return parsePackument(body, check.name);
  } catch (error) {
    if (error instanceof RegistryError && error.code === 'NOT_FOUND') {
      throw new RegistryError({
        code: 'NOT_FOUND',
        message: `The registry has no package named "${check.name}".`,
        url,
        status: 404,
      });
    }
    throw error;
  }
}

/** The raw attestations response; the verifier reads it defensively. */
export async function fetchAttestations(
  base: string,
  record: Pick<VersionRecord, 'name' | 'version' | 'dist'>,
  options: RequestOptions = {},
): Promise<unknown> {
  const url = attestationsUrl(attestationBase(base, options.net), record);
  const { body } = await getJson(url, {
    ...requestOptions(options, DEFAULT_ATTESTATIONS_TOTAL_TIMEOUT_MS),
    accept: 'application/json',
  });
  return body;
}

/** npm's keys from the registry; `fallback` (bundled at build time) if it cannot say. */
export async function fetchRegistryKeys(
  base: string,
  fallback: RegistryKey[],
  options: RequestOptions = {},
): Promise<{ keys: RegistryKey[]; source: 'registry' | 'bundled'; problem?: string }> {
  return combineRegistryKeys(await fetchRegistryKeysResponse(base, options), fallback);
}

/** What the registry answered for its keys (or why it could not): `combineRegistryKeys` decides. */
export type RegistryKeysResponse = { keys: RegistryKey[] } | { error: unknown };

/**
 * The registry's keys alone, before the fallback is known (a revisit asks for them while
 * the trusted root is being resolved). Rejects only when cancelled.
 */
export async function fetchRegistryKeysResponse(
  base: string,
  options: RequestOptions = {},
): Promise<RegistryKeysResponse> {
  try {
    const url = keysUrl(attestationBase(base, options.net));
    const { body } = await getJson(url, {
      ...requestOptions(options, DEFAULT_ATTESTATIONS_TOTAL_TIMEOUT_MS),
      rateLimitRetries: 1,
    });
    return { keys: parseRegistryKeysResponse(body) };
  } catch (error) {
    if (error instanceof RegistryError && error.code === 'ABORTED') throw error;
    return { error };
  }
}

/** `fetchRegistryKeys`' answer from the registry's response and the `fallback` keys. */
export function combineRegistryKeys(
  response: RegistryKeysResponse,
  fallback: RegistryKey[],
): { keys: RegistryKey[]; source: 'registry' | 'bundled'; problem?: string } {
  try {
    if ('error' in response) throw response.error;
    const keys = response.keys;
    if (keys.length > 0) {
      const { keys: merged, conflicts } = mergeRegistryKeys(keys, fallback);
      const problem = conflicts.length
        ? `The registry serves different key material for ${conflicts.map((k) => k.keyId).join(', ')} than Sigstore's TUF repository; the TUF keys are used.`
        : undefined;
      return { keys: merged, source: 'registry', ...(problem ? { problem } : {}) };
    }
    return { keys: fallback, source: 'bundled', problem: 'The registry returned no usable keys.' };
  } catch (error) {
    if (error instanceof RegistryError && error.code === 'ABORTED') throw error;
    const problem = error instanceof Error ? error.message : String(error);
    return { keys: fallback, source: 'bundled', problem };
  }
}

