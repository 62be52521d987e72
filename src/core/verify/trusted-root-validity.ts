// What the Sigstore trusted-root spec requires of a root beyond its format, checked before
// a root is used: in a module of its own, without @sigstore/verify, so that the TUF
// client's worker (core/trust/resolve-trusted-root.ts), which refuses a malformed root
// from the repository, does not load the verification libraries for it.

/**
 * A trusted root the Sigstore trusted-root spec calls malformed (see
 * {@link checkTrustedRootValidity}). Refused before it reaches @sigstore/verify, which
 * would read a missing `validFor.start` as "valid since the beginning of time".
 */
export class TrustedRootInvalidError extends Error {
  readonly code = 'TRUSTED_ROOT_INVALID';
  override name = 'TrustedRootInvalidError';
}

/**
 * Every transparency log, CT log, certificate authority and timestamp authority of a
 * trusted root must say since when it is trusted: in the trusted-root format
 * (dev.sigstore.trustroot.v1, `TimeRange` in sigstore_common.proto) only `end` is
 * optional, and sigstore-conformance refuses a root without a start. @sigstore/verify 4.1.3 accepts an entry without one and treats it as
 * valid from the epoch, which would let a key vouch for entries logged before it existed
 * (sigstore-conformance: `trust-root-tlog-missing-validity-start_fail`). Throws a
 * {@link TrustedRootInvalidError} naming the first entry without a start.
 */
export function checkTrustedRootValidity(json: unknown): void {
  const root = asRecord(json);
  if (!root) return; // not an object: TrustedRoot.fromJSON says what is wrong with it
  const lists: [string, string][] = [
    ['tlogs', 'publicKey.validFor.start'],
    ['ctlogs', 'publicKey.validFor.start'],
    ['certificateAuthorities', 'validFor.start'],
    ['timestampAuthorities', 'validFor.start'],
  ];
  for (const [list, path] of lists) {
    const entries = root[list];
    if (!Array.isArray(entries)) continue;
    entries.forEach((entry: unknown, i) => {
      let value: unknown = entry;
      for (const part of path.split('.')) value = asRecord(value)?.[part];
      if (typeof value !== 'string' || value.trim() === '') {
        const name = describeEntry(list, entry);
        throw new TrustedRootInvalidError(
          `${list}[${i}]${name} has no ${path}: the trusted-root spec requires when each ${ENTRY_KIND[list] ?? 'entry'} became trusted, and a root without it is refused`,
        );
      }
    });
  }
}

const ENTRY_KIND: Record<string, string> = {
  tlogs: 'transparency log key',
  ctlogs: 'certificate transparency log key',
  certificateAuthorities: 'certificate authority',
  timestampAuthorities: 'timestamp authority',
};

function describeEntry(list: string, entry: unknown): string {
  const record = asRecord(entry);
  const url = list.endsWith('logs') ? record?.baseUrl : record?.uri;
  return typeof url === 'string' && url ? ` (${url})` : '';
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
