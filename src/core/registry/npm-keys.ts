// npm's registry keys, which sign `dist.signatures` and the publish attestation. They
// come in two shapes: the registry's `/-/npm/v1/keys` (`expires` only) and Sigstore's
// TUF target `registry.npmjs.org/keys.json` (`validFor` start/end and a usage). Both
// are normalised here; a key is used only inside its validity window, judged at the
// time of the publish or of the log entry, never at today's date.

export interface RegistryKey {
  keyId: string;
  /** SubjectPublicKeyInfo, DER, base64. */
  publicKey: string;
  /** The only scheme npm uses so far; anything else is kept but never verified with. */
  scheme: string;
  validFrom?: string;
  /** Null/undefined: no end. */
  validUntil?: string;
  /** From the TUF target; the registry's endpoint does not say. */
  usages?: ('npm:signatures' | 'npm:attestations')[];
  /**
   * Who vouches for the key: Sigstore's TUF repository (bundled at build time) or only
   * the registry being browsed, which may be a mirror. Shown next to every result.
   */
  origin: 'tuf' | 'registry';
}

export const NPM_KEY_SCHEME = 'ecdsa-sha2-nistp256';

/** `GET /-/npm/v1/keys` → keys, skipping malformed entries. */
export function parseRegistryKeysResponse(doc: unknown): RegistryKey[] {
  const keys = isObject(doc) && Array.isArray(doc.keys) ? doc.keys : [];
  const out: RegistryKey[] = [];
  for (const entry of keys) {
    if (!isObject(entry)) continue;
    const { keyid, key, scheme, expires } = entry;
    if (typeof keyid !== 'string' || typeof key !== 'string') continue;
    const parsed: RegistryKey = {
      keyId: keyid,
      publicKey: key,
      scheme: typeof scheme === 'string' ? scheme : NPM_KEY_SCHEME,
      origin: 'registry',
    };
    if (typeof expires === 'string') parsed.validUntil = expires;
    out.push(parsed);
  }
  return out;
}

/** Sigstore TUF target `registry.npmjs.org/keys.json` → keys (one per key and usage, merged). */
export function parseTufRegistryKeys(doc: unknown): RegistryKey[] {
  const keys = isObject(doc) && Array.isArray(doc.keys) ? doc.keys : [];
  const byId = new Map<string, RegistryKey>();
  for (const entry of keys) {
    if (!isObject(entry) || !isObject(entry.publicKey)) continue;
    const { keyId, keyUsage } = entry;
    const { rawBytes, keyDetails, validFor } = entry.publicKey;
    if (typeof keyId !== 'string' || typeof rawBytes !== 'string') continue;
    const usage = keyUsage === 'npm:signatures' || keyUsage === 'npm:attestations' ? keyUsage : undefined;
    const start = isObject(validFor) && typeof validFor.start === 'string' ? validFor.start : undefined;
    const end = isObject(validFor) && typeof validFor.end === 'string' ? validFor.end : undefined;
    const existing = byId.get(keyId);
    if (existing) {
      if (usage) existing.usages = [...(existing.usages ?? []), usage];
      // Widest window over the usages: each use is then checked against its own time.
      if (!start || !existing.validFrom) delete existing.validFrom;
      else if (start < existing.validFrom) existing.validFrom = start;
      if (!end) delete existing.validUntil;
      else if (existing.validUntil && end > existing.validUntil) existing.validUntil = end;
      continue;
    }
    const key: RegistryKey = {
      keyId,
      publicKey: rawBytes,
      scheme: keyDetails === 'PKIX_ECDSA_P256_SHA_256' ? NPM_KEY_SCHEME : String(keyDetails),
      origin: 'tuf',
    };
    if (start) key.validFrom = start;
    if (end) key.validUntil = end;
    if (usage) key.usages = [usage];
    byId.set(keyId, key);
  }
  return [...byId.values()];
}

/**
 * Keys bundled from Sigstore's TUF repository win over what the registry serves: a
 * mirror could otherwise vouch for a key of its own. The registry's list adds keys the
 * bundle does not know yet (npm rotated after this build), marked `origin: 'registry'`
 * so every result signed with one says so; a registry key under an id the bundle names
 * with other material is refused (dropped). The conflicts are returned for the report.
 */
export function mergeRegistryKeys(
  fromRegistry: RegistryKey[],
  bundled: RegistryKey[],
): { keys: RegistryKey[]; conflicts: RegistryKey[] } {
  const bundledById = new Map(bundled.map((key) => [key.keyId, key]));
  const conflicts = fromRegistry.filter((key) => {
    const known = bundledById.get(key.keyId);
    return known !== undefined && known.publicKey !== key.publicKey;
  });
  return { keys: [...bundled, ...fromRegistry.filter((key) => !bundledById.has(key.keyId))], conflicts };
}

/**
 * Whether `key` may be used at `when`: the time of the publish or of the log entry. An
 * unreadable time (an invalid Date) is no time at which a key with a validity window was
 * valid, as npm's client has it (its comparisons with NaN fail).
 */
export function keyValidAt(key: RegistryKey, when: Date): boolean {
  if (Number.isNaN(when.getTime())) return !key.validFrom && !key.validUntil;
  if (key.validFrom && when.getTime() < Date.parse(key.validFrom)) return false;
  if (key.validUntil && when.getTime() >= Date.parse(key.validUntil)) return false;
  return true;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
