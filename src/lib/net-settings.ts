// The network settings of this page, read on the main thread and handed to the workers
// with every job (without React: the entry module's packument request reads them; the
// hook is in lib/use-net-settings.ts): `?timeout=<seconds>` (the idle timeout, for tests and slow links) and
// the attestation proxy (`?attestation-proxy=<url>`, else the one saved in this browser).
import { parseTimeoutSeconds, type NetSettings } from '../core/net/net-settings';
import { normalizeRegistryUrl } from '../core/registry/registry-url';
import { settingListeners } from './setting-listeners';
import { storedSetting } from './stored-setting';
import { rewriteAddressParam } from './address-param';

// Saved in this browser; where storage is blocked, `?attestation-proxy=` still works.
const stored = storedSetting('provenance-explorer.attestation-proxy');
const TIMEOUT_PARAM = 'timeout';
const PROXY_PARAM = 'attestation-proxy';

export interface PageNetSettings {
  net: NetSettings;
  /** Where the proxy comes from, when one is set. */
  proxySource?: 'url' | 'saved';
  /** Set when the proxy address given is not usable (nothing is then read through it). */
  proxyProblem?: string;
}

const { subscribe, notify } = settingListeners();
let cached: { key: string; value: PageNetSettings } | undefined;

function read(): PageNetSettings {
  // Outside a page (unit tests of the pool): the defaults.
  if (typeof window === 'undefined') return { net: {} };
  const params = new URLSearchParams(window.location.search);
  const timeout = params.get(TIMEOUT_PARAM);
  const fromUrl = params.get(PROXY_PARAM);
  // The address's value wins: storage is not read then (the page's first read of it is slow).
  const saved = fromUrl === null ? stored.get() : null;
  const key = `${timeout ?? ''}\n${fromUrl ?? ''}\n${saved ?? ''}`;
  if (cached?.key === key) return cached.value;
  cached = { key, value: resolve(timeout, fromUrl, saved) };
  return cached.value;
}

function resolve(timeout: string | null, fromUrl: string | null, saved: string | null): PageNetSettings {
  const net: NetSettings = {};
  const idle = parseTimeoutSeconds(timeout);
  if (idle !== undefined) net.idleTimeoutMs = idle;
  const raw = fromUrl ?? saved;
  if (!raw) return { net };
  const proxySource = fromUrl ? 'url' : 'saved';
  try {
    net.attestationProxy = normalizeRegistryUrl(raw);
    return { net, proxySource };
  } catch (error) {
    // The raw value is kept, so every read through it stops with the same error
    // instead of going to the registry the user meant to avoid.
    net.attestationProxy = raw;
    return {
      net,
      proxySource,
      proxyProblem: `The attestation proxy address is not valid: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

/** The settings for a request starting now. */
export function currentNetSettings(): NetSettings {
  return read().net;
}

/** The page's settings with where they come from (read by lib/use-net-settings.ts). */
export function currentPageNetSettings(): PageNetSettings {
  return read();
}

/** For useSyncExternalStore (lib/use-net-settings.ts): hears of every change of the settings. */
export { subscribe as subscribeNetSettings };

/**
 * Saves (or, with an empty value, removes) the attestation proxy for this browser.
 * Throws RegistryError with a readable message when the address is not usable. A
 * `?attestation-proxy=` in the address would override it, so it is rewritten.
 */
export function saveAttestationProxy(input: string): string | undefined {
  const value = input.trim() === '' ? undefined : normalizeRegistryUrl(input);
  stored.set(value ?? null);
  rewriteAddressParam(PROXY_PARAM, value);
  notify();
  return value;
}
