// The trusted root of a revisit whose TUF repository has not changed since the metadata
// kept in this browser was verified: decided in the first part (resolve-start.ts),
// without loading tuf-js, when the repository's answers are the very bytes tuf-js
// verified then. tuf-js's refresh is a function of the kept metadata, the repository's
// answers and the clock; with the same metadata, the same answers and nothing expired,
// it can only give the same root again (below, condition by condition). Anything else,
// or any doubt, goes to tuf-js, which decides as before.
//
// The kept metadata is trusted as this app wrote it, after tuf-js verified it: the same
// trust the verdicts kept in IndexedDB already rest on (a script able to write this
// origin's IndexedDB could write verdicts). What comes from the network is compared, not
// trusted: the repository's timestamp.json must be byte for byte the kept one (which
// names the snapshot, which names the targets), and the root version after the kept root
// must be absent (no rotation since). What tuf-js checks against the clock (every role's
// expiry) is checked here too, with a margin, so that the two can never disagree by the
// few milliseconds between them. The differential test (kept-unchanged.test.ts) runs both
// on the same kept metadata and the same repository, valid, changed and broken.
import { checkTrustedRootValidity } from '../verify/trusted-root-validity';
import type { StartedResolution } from './resolve-start';
import {
  NPM_KEYS_TARGET,
  TRUSTED_ROOT_TARGET,
  trustedRootDate,
  type TrustedRootState,
  type TufVersions,
} from './trust-state';

/** No shortcut when any kept metadata expires within this margin: tuf-js then decides. */
export const EXPIRY_MARGIN_MS = 5 * 60_000;

/** Why the shortcut was not taken (for the tests, and a profile's reading). */
export type Declined =
  | 'nothing kept'
  | 'targets not kept'
  | 'root rotated or unknown'
  | 'timestamp changed or unreadable'
  | 'expires soon'
  | 'invalid trusted root';

export type Unchanged = { state: TrustedRootState } | { declined: Declined };

/**
 * The state tuf-js's refresh would give on this revisit, if the repository is unchanged
 * since the kept metadata; else why not. Never rejects. Waits for the first part's
 * IndexedDB read and its two early requests (the timestamp, the next root version).
 */
export async function keptIfUnchanged(started: StartedResolution, now = () => new Date()): Promise<Unchanged> {
  try {
    const { cached, nextRoot } = await started.prepared;
    if (!cached) return { declined: 'nothing kept' };
    const trustedRootText = cached.targets[TRUSTED_ROOT_TARGET];
    const npmKeysText = cached.targets[NPM_KEYS_TARGET];
    // A repository without npm's keys (a private instance) is left to tuf-js.
    if (trustedRootText === undefined || npmKeysText === undefined) return { declined: 'targets not kept' };
    const keptRoot = signedOf(cached.metadata.root);
    const keptTimestamp = cached.metadata.timestamp;
    if (keptRoot === undefined || keptTimestamp === undefined) return { declined: 'nothing kept' };
    // tuf-js first asks for the root version after the trusted one: it must be absent (403/404).
    if (typeof keptRoot.version !== 'number' || nextRoot?.version !== keptRoot.version + 1) {
      return { declined: 'root rotated or unknown' };
    }
    const [next, timestamp] = await Promise.all([nextRoot.answer, started.timestamp]);
    if (next !== 'absent') return { declined: 'root rotated or unknown' };
    // The same bytes as the timestamp tuf-js verified and kept (an equal version is "no
    // update" to tuf-js; the snapshot and targets it names are the kept ones, unchanged).
    if (timestamp === undefined || decodeStrict(timestamp) !== keptTimestamp) {
      return { declined: 'timestamp changed or unreadable' };
    }
    // tuf-js refuses expired metadata (`referenceTime >= expires`): every kept role,
    // delegated ones included. Against the clock tuf-js reads (`new Date()`), not `now`,
    // which only dates the answer.
    const limit = Date.now() + EXPIRY_MARGIN_MS;
    for (const text of Object.values(cached.metadata)) {
      const expires = signedOf(text)?.expires;
      if (typeof expires !== 'string' || !(new Date(expires).getTime() > limit)) return { declined: 'expires soon' };
    }
    let trustedRoot: unknown;
    try {
      trustedRoot = readTrustedRoot(trustedRootText);
    } catch {
      return { declined: 'invalid trusted root' };
    }
    const { settings } = started.options;
    return {
      state: tufState({
        trustedRoot,
        npmKeys: JSON.parse(npmKeysText) as unknown,
        repository: started.repository,
        verifiedAt: now().toISOString(),
        versions: tufVersions(cached.metadata),
        ...(settings.initialRootOrigin ? { initialRootOrigin: settings.initialRootOrigin } : {}),
      }),
    };
  } catch {
    return { declined: 'nothing kept' };
  }
}

/** The state of a root verified from the TUF repository on this visit: by tuf-js, or unchanged since it did. */
export function tufState(input: {
  trustedRoot: unknown;
  npmKeys: unknown;
  repository: string;
  verifiedAt: string;
  versions: TufVersions;
  reason?: string;
  initialRootOrigin?: string;
}): TrustedRootState {
  return {
    source: 'tuf',
    trustedRoot: input.trustedRoot,
    npmKeys: input.npmKeys,
    updated: trustedRootDate(input.trustedRoot),
    repository: input.repository,
    verifiedAt: input.verifiedAt,
    tuf: input.versions,
    ...(input.reason !== undefined ? { reason: input.reason } : {}),
    ...(input.initialRootOrigin ? { initialRootOrigin: input.initialRootOrigin } : {}),
  };
}

/**
 * The verified target's JSON, refused when the trusted-root format calls it malformed (an
 * entry without `validFor.start`, see trust-root.ts): the signed metadata vouches for the
 * bytes, not for their being a usable root.
 */
export function readTrustedRoot(text: string): unknown {
  const json: unknown = JSON.parse(text);
  checkTrustedRootValidity(json);
  return json;
}

/** The versions of the metadata in use (role → text), and when the timestamp expires. */
export function tufVersions(metadata: Record<string, string> | Map<string, string>): TufVersions {
  const get = (role: string) => (metadata instanceof Map ? metadata.get(role) : metadata[role]);
  const version = (role: string) => {
    const v = signedOf(get(role))?.version;
    return typeof v === 'number' ? v : undefined;
  };
  const out: TufVersions = { root: version('root') ?? 0 };
  const ts = version('timestamp');
  const snap = version('snapshot');
  const targets = version('targets');
  if (ts !== undefined) out.timestamp = ts;
  if (snap !== undefined) out.snapshot = snap;
  if (targets !== undefined) out.targets = targets;
  const expires = signedOf(get('timestamp'))?.expires;
  if (typeof expires === 'string') out.expires = expires;
  return out;
}

/** A TUF metadata file's `signed` part, or undefined for text that is not one. */
export function signedOf(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  try {
    const signed = (JSON.parse(text) as { signed?: unknown } | null)?.signed;
    return typeof signed === 'object' && signed !== null ? (signed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The bytes as text, byte for byte (a byte order mark kept: JSON.parse refuses it), or
 * undefined for bytes that are not UTF-8 (two such could read as the same text).
 */
function decodeStrict(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}
