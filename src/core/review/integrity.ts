// The lockfile's integrity against the registry's, hash by hash. Both sides may hold
// several hashes (`sha512-… sha1-…`); the registry's `dist.shasum` (hex SHA-1) and a
// classic yarn.lock's `resolved` URL fragment (`#<hex sha1>`) count as SHA-1 too, so an
// old lockfile that only has SHA-1 can still be checked. A hash algorithm both sides
// have that disagrees is a mismatch: the lockfile or the registry is lying.

export type IntegrityStatus = 'match' | 'mismatch' | 'unknown';

export interface IntegrityComparison {
  status: IntegrityStatus;
  /** The strongest algorithm both sides had (`sha512`), when there was one. */
  algorithm?: string;
  message: string;
}

const STRENGTH = ['sha512', 'sha384', 'sha256', 'sha1'];

/** `sha512-AAA= sha1-BBB=` → algorithm → base64 digests. */
export function parseIntegrity(sri: string | undefined): Map<string, Set<string>> {
  const hashes = new Map<string, Set<string>>();
  for (const token of (sri ?? '').trim().split(/\s+/)) {
    const match = /^(sha1|sha256|sha384|sha512)-([A-Za-z0-9+/=]+)(\?.*)?$/.exec(token);
    if (!match) continue;
    const algorithm = match[1] as string;
    if (!hashes.has(algorithm)) hashes.set(algorithm, new Set());
    hashes.get(algorithm)?.add(match[2] as string);
  }
  return hashes;
}

/** Hex → base64, as SRI writes digests (hand-written: Buffer is not in the worker). */
export function hexToBase64(hex: string): string | undefined {
  if (!/^([0-9a-f]{2})+$/i.test(hex)) return undefined;
  let binary = '';
  for (let i = 0; i < hex.length; i += 2) binary += String.fromCharCode(Number.parseInt(hex.slice(i, i + 2), 16));
  return btoa(binary);
}

function addSha1Hex(hashes: Map<string, Set<string>>, hex: string | undefined): void {
  const base64 = hex && hex.length === 40 ? hexToBase64(hex) : undefined;
  if (!base64) return;
  if (!hashes.has('sha1')) hashes.set('sha1', new Set());
  hashes.get('sha1')?.add(base64);
}

export function compareIntegrity(
  lockfile: { integrity?: string; resolved?: string } | undefined,
  registry: { integrity?: string; shasum?: string } | undefined,
): IntegrityComparison {
  if (!registry) return { status: 'unknown', message: 'The registry has no record of this version to compare with.' };
  const ours = parseIntegrity(lockfile?.integrity);
  const fragment = lockfile?.resolved ? /#([0-9a-f]{40})$/i.exec(lockfile.resolved)?.[1] : undefined;
  if (!ours.has('sha1')) addSha1Hex(ours, fragment);
  if (ours.size === 0) {
    return {
      status: 'unknown',
      message: lockfile ? 'The lockfile records no integrity for this entry.' : 'There is no lockfile integrity to compare (the tree was resolved from the registry).',
    };
  }
  const theirs = parseIntegrity(registry.integrity);
  addSha1Hex(theirs, registry.shasum);
  const common = STRENGTH.filter((algorithm) => ours.has(algorithm) && theirs.has(algorithm));
  if (common.length === 0) {
    return {
      status: 'unknown',
      message: `The lockfile has ${[...ours.keys()].join(', ')} and the registry ${[...theirs.keys()].join(', ') || 'no hash'}: no algorithm in common to compare.`,
    };
  }
  for (const algorithm of common) {
    const a = ours.get(algorithm) as Set<string>;
    const b = theirs.get(algorithm) as Set<string>;
    if (![...a].some((digest) => b.has(digest))) {
      return {
        status: 'mismatch',
        algorithm,
        message: `The lockfile's ${algorithm} (${[...a][0]}) differs from the registry's dist.integrity (${[...b][0]}): the lockfile or the registry is lying about this tarball.`,
      };
    }
  }
  const algorithm = common[0] as string;
  return {
    status: 'match',
    algorithm,
    message:
      algorithm === 'sha1'
        ? 'The lockfile and the registry agree, but only on SHA-1, which can be forged.'
        : `The lockfile and the registry agree (${algorithm}).`,
  };
}
