// What the app knows about the Sigstore trusted root it verifies with: where it came
// from (Sigstore's TUF repository now, a copy verified earlier and kept in this
// browser, or the copy bundled at build time), its date, and on a fallback why. Plain
// data: it crosses worker boundaries and goes into the audit exports.

export const DEFAULT_TUF_MIRROR = 'https://tuf-repo-cdn.sigstore.dev';
export const TRUSTED_ROOT_TARGET = 'trusted_root.json';
export const NPM_KEYS_TARGET = 'registry.npmjs.org/keys.json';
/** How long the app waits for the TUF repository before verifying on the bundled root. */
export const DEFAULT_TUF_BUDGET_MS = 3000;

/**
 * `tuf`: verified from the TUF repository during this visit. `cached`: verified from it
 * on an earlier visit and kept in this browser (the repository could not be refreshed).
 * `bundled`: the copy built into the app. `custom`: a root the user supplied for one
 * bundle (#/verify).
 */
export type TrustSource = 'tuf' | 'cached' | 'bundled' | 'custom';

/** Why the TUF repository was not used: one code per kind of refusal or failure. */
export type TrustFallbackCode =
  | 'unreachable'
  | 'timeout'
  | 'expired'
  | 'rollback'
  | 'too-few-signatures'
  | 'root-rotation-unsigned'
  | 'invalid'
  | 'missing-target'
  | 'bad-settings'
  /**
   * A repository other than the default, set without an initial root, that is not signed
   * by the public-good TUF root bundled with the app: a private Sigstore instance (which
   * needs its own initial root, `?tuf-root=` or the settings) or a tampered mirror.
   */
  | 'initial-root-needed';

export interface TrustSettings {
  /** Base URL of the TUF repository's metadata (targets under `<mirror>/targets/`). */
  mirrorUrl: string;
  /**
   * The TUF root to start from: JSON text, or absent for the public-good root bundled
   * at build time (right for the public-good repository and its mirrors).
   */
  initialRoot?: string;
  /** Fetched as the initial root when `initialRoot` is not given (`?tuf-root=<url>`). */
  initialRootUrl?: string;
  /** How long to wait for the repository, in ms (`?tuf-timeout=<seconds>`); default DEFAULT_TUF_BUDGET_MS. */
  budgetMs?: number;
  /** Where `initialRoot` came from, for the status sentence (a URL, or `settings`). */
  initialRootOrigin?: string;
}

export interface TufVersions {
  root: number;
  timestamp?: number;
  snapshot?: number;
  targets?: number;
  /** When the timestamp metadata expires (ISO 8601). */
  expires?: string;
}

export interface TrustedRootState {
  source: TrustSource;
  /** JSON form of dev.sigstore.trustroot.v1.TrustedRoot. */
  trustedRoot: unknown;
  /** npm's registry keys in the form of Sigstore's TUF target `registry.npmjs.org/keys.json`. */
  npmKeys: unknown;
  /** Date of the root in use: the newest `validFor.start` among its keys (ISO 8601). */
  updated: string;
  /** The TUF repository followed (or tried). */
  repository: string;
  /** When the metadata in use was verified (ISO 8601); for `cached`, the earlier visit. */
  verifiedAt?: string;
  tuf?: TufVersions;
  /** On a fallback, or a partial use (npm keys missing), why: a full sentence. */
  reason?: string;
  reasonCode?: TrustFallbackCode;
  /** The TUF initial root was not the bundled one: where it came from. */
  initialRootOrigin?: string;
}

/** The newest `validFor.start` of the root's authorities and logs: when its key material last changed. */
export function trustedRootDate(trustedRoot: unknown): string {
  let newest = '';
  if (isObject(trustedRoot)) {
    for (const field of ['certificateAuthorities', 'tlogs', 'ctlogs', 'timestampAuthorities']) {
      const list = trustedRoot[field];
      if (!Array.isArray(list)) continue;
      for (const entry of list) {
        if (!isObject(entry)) continue;
        const holder = isObject(entry.publicKey) ? entry.publicKey : entry;
        const validFor = holder.validFor;
        const start = isObject(validFor) ? validFor.start : undefined;
        if (typeof start === 'string' && !Number.isNaN(Date.parse(start)) && start > newest) newest = start;
      }
    }
  }
  return newest ? new Date(Date.parse(newest)).toISOString() : '';
}

/** One sentence that says which root is in use and, on a fallback, why. */
export function describeTrustState(state: TrustedRootState): string {
  const date = state.updated ? state.updated.slice(0, 10) : 'an unknown date';
  const from = state.initialRootOrigin ? `, starting from the initial root given in ${state.initialRootOrigin}` : '';
  switch (state.source) {
    case 'tuf':
      return (
        `Verifying with the trusted root from the TUF repository ${state.repository}${from} ` +
        `(verified this visit${state.tuf ? `, root v${state.tuf.root}` : ''}; keys dated up to ${date}).` +
        (state.reason ? ` ${state.reason}` : '')
      );
    case 'cached':
      return (
        `Verifying with the trusted root from ${state.repository} verified on ` +
        `${state.verifiedAt?.slice(0, 10) ?? 'an earlier visit'} and kept in this browser (keys dated up to ${date}): ` +
        `${state.reason ?? 'the repository could not be refreshed.'}`
      );
    case 'custom':
      return `Verifying with the trusted root you supplied (keys dated up to ${date}).`;
    case 'bundled':
      return (
        `Verifying with the trusted root bundled with this build (keys dated up to ${date})` +
        (state.reason ? `: ${state.reason}` : '.')
      );
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
