// The one documented place where the browser pipeline's verdict is meant to differ from
// @sigstore/verify's: a trusted root with an authority or log that has no
// `validFor.start`. The trusted-root format makes the start mandatory (only `end` is
// optional in TimeRange) and sigstore-conformance wants such a root refused
// (`trust-root-tlog-missing-validity-start_fail`); @sigstore/verify 4.1.3 reads the
// missing start as "since the epoch" and accepts it. The app refuses the root up front
// (src/core/verify/trust-root.ts, TRUSTED_ROOT_INVALID).
//
// The carve-out is asserted, not skipped: for such an input the library must accept
// (native `OK`) and the browser must refuse (`TRUSTED_ROOT_INVALID`). If the library
// starts refusing it, or the app starts accepting it, the tests that use this fail.
import type { Item } from './engines';

export const MISSING_VALIDITY_START =
  'trusted root entry without validFor.start: the library accepts it, the app refuses it (TRUSTED_ROOT_INVALID)';

/** The entries of the item's trusted root without a start, read independently of the app's check. */
export function entriesWithoutStart(item: Item): string[] {
  if (item.trustedRoot === undefined) return [];
  let root: Record<string, unknown>;
  try {
    root = JSON.parse(item.trustedRoot) as Record<string, unknown>;
  } catch {
    return [];
  }
  const missing: string[] = [];
  for (const [list, keyed] of [
    ['tlogs', true],
    ['ctlogs', true],
    ['certificateAuthorities', false],
    ['timestampAuthorities', false],
  ] as const) {
    const entries = root[list];
    if (!Array.isArray(entries)) continue;
    entries.forEach((entry: { publicKey?: { validFor?: { start?: unknown } }; validFor?: { start?: unknown } }, i) => {
      const start = keyed ? entry?.publicKey?.validFor?.start : entry?.validFor?.start;
      if (typeof start !== 'string' || start === '') missing.push(`${list}[${i}]`);
    });
  }
  return missing;
}

/** Why the item's verdicts may differ between the engines (see above), or undefined. */
export function carveOutOf(item: Item): string | undefined {
  return entriesWithoutStart(item).length > 0 ? MISSING_VALIDITY_START : undefined;
}

/** What each engine must answer for a carved-out item: asserted by the callers. */
export const CARVED_OUT_VERDICTS = { native: 'OK', browser: 'TRUSTED_ROOT_INVALID' } as const;
