// The sigstore-conformance `bundle-verify` cases copied into test/conformance (see its
// README), read as the suite reads them (test/client.py, BundleMaterials.from_dir).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Item } from './engines';

export const CONFORMANCE_DIR = fileURLToPath(new URL('../conformance/bundle-verify', import.meta.url));

/** The suite's defaults when a case gives no identity or issuer. */
const DEFAULT_IDENTITY =
  'https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main';
const DEFAULT_ISSUER = 'https://token.actions.githubusercontent.com';

export interface ConformanceCase extends Item {
  /** The suite's verdict: a name ending in `_fail` must be refused. */
  expected: 'verified' | 'failed';
}

export function conformanceCases(): ConformanceCase[] {
  const dirs = readdirSync(CONFORMANCE_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  const defaultArtifact = readFileSync(join(CONFORMANCE_DIR, 'a.txt'));
  return dirs.map((name) => {
    const dir = join(CONFORMANCE_DIR, name);
    const optional = (file: string): Buffer | undefined =>
      existsSync(join(dir, file)) ? readFileSync(join(dir, file)) : undefined;
    const key = optional('key.pub')?.toString('utf8');
    const c: ConformanceCase = {
      name,
      expected: name.endsWith('_fail') ? 'failed' : 'verified',
      bundle: readFileSync(join(dir, 'bundle.sigstore.json'), 'utf8'),
      artifact: new Uint8Array(optional('artifact') ?? defaultArtifact),
    };
    const root = optional('trusted_root.json');
    if (root) c.trustedRoot = root.toString('utf8');
    if (key !== undefined) {
      // With a key the suite verifies with `--key` and names no identity.
      c.publicKey = key;
    } else {
      c.identity = optional('identity')?.toString('utf8').trim() ?? DEFAULT_IDENTITY;
      c.issuer = optional('issuer')?.toString('utf8').trim() ?? DEFAULT_ISSUER;
    }
    return c;
  });
}
