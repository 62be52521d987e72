// npm's registry keys (`/-/npm/v1/keys`), apart from npm-registry.ts: the main thread
// fetches them at navigation, and this module does not bring the packument parser (and
// semver) into the page's first chunks.
import { getJson } from '../net/http-client';
import { DEFAULT_ATTESTATIONS_TOTAL_TIMEOUT_MS } from '../net/timeouts';
import { RegistryError } from '../net/http-errors';
import { mergeRegistryKeys, parseRegistryKeysResponse, type RegistryKey } from './npm-keys';
import { attestationBase, requestOptions, type RequestOptions } from './registry-request';

const KEYS_PATH = '/-/npm/v1/keys';

export function keysUrl(base: string): string {
  return `${base}${KEYS_PATH}`;
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
