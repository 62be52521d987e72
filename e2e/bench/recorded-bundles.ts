// The recorded Sigstore bundles the throughput benchmark verifies: every bundle in
// ../shared/fixtures (the npm attestation responses and the loose bundles).
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { resolveFixturesDir } from '../../test/support/fixtures';

export const FIXTURES_DIR = resolveFixturesDir();

export interface RecordedBundle {
  source: string;
  bundle: unknown;
}

function readJson(...segments: string[]): unknown {
  return JSON.parse(readFileSync(path.join(FIXTURES_DIR, ...segments), 'utf8'));
}

export function recordedBundles(): RecordedBundle[] {
  const out: RecordedBundle[] = [];
  for (const file of readdirSync(path.join(FIXTURES_DIR, 'registry/attestations')).sort()) {
    const response = readJson('registry/attestations', file) as {
      attestations: { predicateType: string; bundle: unknown }[];
    };
    for (const { predicateType, bundle } of response.attestations) {
      out.push({ source: `${file} ${predicateType.split('/').slice(-2).join('/')}`, bundle });
    }
  }
  for (const file of readdirSync(path.join(FIXTURES_DIR, 'sigstore/bundles')).sort()) {
    out.push({ source: file, bundle: readJson('sigstore/bundles', file) });
  }
  return out;
}

/** The set repeated until it holds at least `minimum` bundles. */
export function repeated<T>(items: T[], minimum: number): T[] {
  const out: T[] = [];
  while (out.length < minimum) out.push(...items);
  return out;
}

export function trustedRootJson(): unknown {
  return readJson('sigstore/trusted-roots/public-good.json');
}

export function npmKeysJson(): { keys: { keyid: string; key: string; expires: string | null }[] } {
  return readJson('registry/keys/npm-v1-keys.json') as {
    keys: { keyid: string; key: string; expires: string | null }[];
  };
}
