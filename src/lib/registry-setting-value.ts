// Which registry the app reads, without React: the entry module (app/preload-route.ts)
// reads it before React is loaded; the hook is in lib/registry-setting.ts. Precedence: `?registry=<url>` in the page address (so
// a link can carry it), then the value saved in this browser, then the public npm
// registry. Tests and the offline demo use the first, through the same code path.
import { DEFAULT_REGISTRY_URL, normalizeRegistryUrl } from '../core/registry/registry-url';
import { settingListeners } from './setting-listeners';
import { storedSetting } from './stored-setting';
import { rewriteAddressParam } from './address-param';

// Saved in this browser; where storage is blocked, `?registry=` still works.
export const REGISTRY_SETTING_KEY = 'provenance-explorer.registry';
const stored = storedSetting(REGISTRY_SETTING_KEY);
const QUERY_PARAM = 'registry';

export interface RegistrySetting {
  base: string;
  isDefault: boolean;
  source: 'url' | 'saved' | 'default';
  /** Set when `?registry=` or the saved value was not a usable URL. */
  problem?: string;
  /**
   * The address given is not usable: `base` is then the raw value, every request with it
   * stops with INVALID_REGISTRY_URL, and nothing is sent to any registry (never a silent
   * fallback to the public one, which would learn the package names asked for).
   */
  invalid?: boolean;
}

const { subscribe, notify } = settingListeners();
let cached: { key: string; value: RegistrySetting } | undefined;

function read(): RegistrySetting {
  const fromUrl = new URLSearchParams(window.location.search).get(QUERY_PARAM);
  // The address's value wins: storage is not read then (the page's first read of it is
  // slow, and the entry module's packument request waits for this).
  const saved = fromUrl === null ? stored.get() : null;
  const key = `${fromUrl ?? ''}\n${saved ?? ''}`;
  if (cached?.key === key) return cached.value;
  cached = { key, value: resolveRegistrySetting(fromUrl, saved) };
  return cached.value;
}

/** The setting from the address's `?registry=` (null when absent) and the saved value (read only without it). */
export function resolveRegistrySetting(fromUrl: string | null, saved: string | null): RegistrySetting {
  for (const [raw, source] of [
    [fromUrl, 'url'],
    [saved, 'saved'],
  ] as const) {
    if (raw === null) continue;
    try {
      const base = normalizeRegistryUrl(raw);
      return { base, isDefault: base === DEFAULT_REGISTRY_URL, source };
    } catch (error) {
      const problem = `${source === 'url' ? 'The ?registry= address' : 'The saved registry address'} is not usable, so nothing is loaded: ${
        error instanceof Error ? error.message : String(error)
      }`;
      return { base: raw, isDefault: false, source, problem, invalid: true };
    }
  }
  return { base: DEFAULT_REGISTRY_URL, isDefault: true, source: 'default' };
}

/** The setting now, outside React (the entry module reads it before the first render). */
export function currentRegistrySetting(): RegistrySetting {
  return read();
}

/** For useSyncExternalStore (lib/registry-setting.ts): hears of every change of the setting. */
export { subscribe as subscribeRegistrySetting };

/**
 * Saves a registry for this browser (validated first: throws RegistryError with a
 * readable message). A `?registry=` in the address would override it, so it is
 * rewritten to the new value, keeping the current route.
 */
export function saveRegistry(input: string): string {
  const base = normalizeRegistryUrl(input);
  stored.set(base === DEFAULT_REGISTRY_URL ? null : base);
  rewriteAddressParam(QUERY_PARAM, base === DEFAULT_REGISTRY_URL ? undefined : base);
  notify();
  return base;
}

export function resetRegistry(): void {
  saveRegistry(DEFAULT_REGISTRY_URL);
}
