// Which TUF repository the app follows for its trusted root. Precedence, as for the
// registry: `?tuf=<url>` (and `?tuf-root=<url of an initial root.json>`) in the page
// address, then what was saved in this browser's settings, then Sigstore's public-good
// repository with the TUF root bundled at build time.
import { DEFAULT_TUF_MIRROR, type TrustSettings } from '../core/trust/trust-state';

const STORAGE_KEY = 'provenance-explorer.tuf';
export const TUF_QUERY_PARAM = 'tuf';
export const TUF_ROOT_QUERY_PARAM = 'tuf-root';
export const TUF_TIMEOUT_QUERY_PARAM = 'tuf-timeout';
/** `?tuf-timeout=` is honoured between these bounds (seconds). */
const MIN_TIMEOUT_S = 1;
const MAX_TIMEOUT_S = 30;

export interface SavedTrustSettings {
  mirrorUrl?: string;
  /** An initial TUF root (root.json) as JSON text. */
  initialRoot?: string;
}

export interface TrustSettingsView {
  settings: TrustSettings;
  isDefault: boolean;
  source: 'url' | 'saved' | 'default';
  /** Set when a given value was not usable and was ignored. */
  problem?: string;
}

/** An http(s) URL without credentials, query or fragment, no trailing slash; throws with a reason. */
export function normalizeMirrorUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new Error(`"${input}" is not a URL.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('A TUF mirror must be an http(s) URL.');
  if (url.username || url.password) throw new Error('A TUF mirror URL must not carry a user name or password.');
  if (url.search || url.hash) throw new Error('A TUF mirror URL must not have a query or fragment.');
  return url.href.replace(/\/+$/, '');
}

export function readTrustSettings(): TrustSettingsView {
  const view = readMirrorSettings();
  const timeout = Number(new URLSearchParams(window.location.search).get(TUF_TIMEOUT_QUERY_PARAM) ?? Number.NaN);
  if (Number.isFinite(timeout)) {
    view.settings.budgetMs = Math.round(Math.min(MAX_TIMEOUT_S, Math.max(MIN_TIMEOUT_S, timeout)) * 1000);
  }
  return view;
}

function readMirrorSettings(): TrustSettingsView {
  const params = new URLSearchParams(window.location.search);
  const fromUrl = params.get(TUF_QUERY_PARAM);
  const rootUrl = params.get(TUF_ROOT_QUERY_PARAM);
  let problem: string | undefined;
  if (fromUrl) {
    try {
      const mirrorUrl = normalizeMirrorUrl(fromUrl);
      const settings: TrustSettings = { mirrorUrl };
      if (rootUrl) {
        try {
          settings.initialRootUrl = normalizeMirrorUrl(rootUrl);
          settings.initialRootOrigin = settings.initialRootUrl;
        } catch (error) {
          problem = `The ?${TUF_ROOT_QUERY_PARAM}= address was ignored: ${message(error)}`;
        }
      }
      return { settings, isDefault: false, source: 'url', ...(problem ? { problem } : {}) };
    } catch (error) {
      problem = `The ?${TUF_QUERY_PARAM}= address was ignored: ${message(error)}`;
    }
  }
  const saved = loadSaved();
  if (saved.mirrorUrl || saved.initialRoot) {
    try {
      const settings: TrustSettings = { mirrorUrl: normalizeMirrorUrl(saved.mirrorUrl ?? DEFAULT_TUF_MIRROR) };
      if (saved.initialRoot) {
        settings.initialRoot = saved.initialRoot;
        settings.initialRootOrigin = 'the settings';
      }
      return { settings, isDefault: false, source: 'saved', ...(problem ? { problem } : {}) };
    } catch (error) {
      problem ??= `The saved TUF mirror was ignored: ${message(error)}`;
    }
  }
  return {
    settings: { mirrorUrl: DEFAULT_TUF_MIRROR },
    isDefault: true,
    source: 'default',
    ...(problem ? { problem } : {}),
  };
}

export function loadSaved(): SavedTrustSettings {
  try {
    const raw = window.localStorage.getItem(STORAGE_KEY);
    const value: unknown = raw ? JSON.parse(raw) : {};
    if (typeof value !== 'object' || value === null) return {};
    const { mirrorUrl, initialRoot } = value as Record<string, unknown>;
    return {
      ...(typeof mirrorUrl === 'string' ? { mirrorUrl } : {}),
      ...(typeof initialRoot === 'string' ? { initialRoot } : {}),
    };
  } catch {
    return {};
  }
}

/** Validates and saves (an empty mirror means the default; an empty root, the bundled one). Throws with a reason. */
export function saveTrustSettings(input: SavedTrustSettings): void {
  const mirror = input.mirrorUrl?.trim() ? normalizeMirrorUrl(input.mirrorUrl) : undefined;
  const root = input.initialRoot?.trim() ? input.initialRoot.trim() : undefined;
  if (root !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(root);
    } catch {
      throw new Error('The initial root is not JSON: paste the content of a TUF root.json.');
    }
    const signed = (parsed as { signed?: { _type?: unknown } } | null)?.signed;
    if (signed?._type !== 'root')
      throw new Error('The initial root is not a TUF root (its signed._type is not "root").');
  }
  const value: SavedTrustSettings = {};
  if (mirror && mirror !== DEFAULT_TUF_MIRROR) value.mirrorUrl = mirror;
  if (root) value.initialRoot = root;
  try {
    if (Object.keys(value).length === 0) window.localStorage.removeItem(STORAGE_KEY);
    else window.localStorage.setItem(STORAGE_KEY, JSON.stringify(value));
  } catch {
    throw new Error('This browser does not allow saving settings (storage is disabled).');
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
