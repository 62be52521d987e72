// Reads the Sigstore public-good trusted root and npm's registry keys out of the
// installed @sigstore/tuf's seeds.json (base64 TUF targets), so that the trust material
// the app ships follows that dependency instead of a copy that ages in the repo.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { trustedRootDate } from '../src/core/trust/trust-state.ts';

const TUF_MIRROR = 'https://tuf-repo-cdn.sigstore.dev';
const TRUSTED_ROOT_TARGET = 'trusted_root.json';
const NPM_KEYS_TARGET = 'registry.npmjs.org%2Fkeys.json';

export interface SigstoreSeeds {
  trustedRoot: unknown;
  npmKeys: unknown;
  tufVersion: string;
  /** The TUF root (`root.json`) the seeds start from: the app's initial root for Sigstore's TUF repository. */
  tufRoot: string;
}

export function readSigstoreSeeds(): SigstoreSeeds {
  const require = createRequire(import.meta.url);
  const seedsPath = require.resolve('@sigstore/tuf/seeds.json');
  const pkgPath = require.resolve('@sigstore/tuf/package.json');
  const seeds = JSON.parse(readFileSync(seedsPath, 'utf8')) as Record<
    string,
    { 'root.json'?: string; targets: Record<string, string> }
  >;
  const targets = seeds[TUF_MIRROR]?.targets;
  const tufRootB64 = seeds[TUF_MIRROR]?.['root.json'];
  const root = targets?.[TRUSTED_ROOT_TARGET];
  const keys = targets?.[NPM_KEYS_TARGET];
  if (!root || !keys || !tufRootB64) {
    throw new Error(
      `@sigstore/tuf seeds.json lacks root.json, ${TRUSTED_ROOT_TARGET} or ${NPM_KEYS_TARGET} for ${TUF_MIRROR}`,
    );
  }
  const decode = (b64: string): unknown => JSON.parse(Buffer.from(b64, 'base64').toString('utf8'));
  const { version } = JSON.parse(readFileSync(pkgPath, 'utf8')) as { version: string };
  return {
    trustedRoot: decode(root),
    npmKeys: decode(keys),
    tufVersion: version,
    tufRoot: Buffer.from(tufRootB64, 'base64').toString('utf8'),
  };
}

/** SHA-256 (hex) of `JSON.stringify(value)`: the same digest `digestOf` computes in the app. */
export function jsonDigest(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value ?? null)).digest('hex');
}

/**
 * The verifier's build, for the keys of stored verdicts (src/core/verify/verdict-cache.ts):
 * the app's version, the installed @sigstore packages' versions and the source of the
 * verification code. Any change to them gives stored verdicts a new key: verified again.
 */
export function verifierBuild(): string {
  const hash = createHash('sha256');
  const app = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
    dependencies?: Record<string, string>;
  };
  hash.update(`app ${app.version}\n`);
  // The @sigstore versions are pinned exactly in package.json.
  for (const [pkg, version] of Object.entries(app.dependencies ?? {}).sort()) {
    if (pkg.startsWith('@sigstore/')) hash.update(`${pkg} ${version}\n`);
  }
  for (const folder of ['verify', 'crypto', 'services']) {
    const dir = fileURLToPath(new URL(`../src/core/${folder}/`, import.meta.url));
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' });
    for (const file of files.filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).sort()) {
      hash.update(`${folder}/${file}\n`).update(readFileSync(`${dir}${file}`));
    }
  }
  return hash.digest('hex').slice(0, 32);
}

const VIRTUAL_ID = 'virtual:sigstore-seeds';
const RESOLVED_ID = '\0' + VIRTUAL_ID;

/**
 * `import { trustedRoot, npmKeys, tufVersion } from 'virtual:sigstore-seeds'`. Named
 * exports, so that a bundle which needs only the keys does not carry the root.
 */
export function sigstoreSeedsPlugin(): Plugin {
  return {
    name: 'sigstore-seeds',
    resolveId(id) {
      return id === VIRTUAL_ID ? RESOLVED_ID : undefined;
    },
    load(id) {
      if (id !== RESOLVED_ID) return undefined;
      const seeds = readSigstoreSeeds();
      return [
        `export const trustedRoot = ${JSON.stringify(seeds.trustedRoot)};`,
        `export const npmKeys = ${JSON.stringify(seeds.npmKeys)};`,
        `export const tufVersion = ${JSON.stringify(seeds.tufVersion)};`,
        `export const tufRoot = ${JSON.stringify(seeds.tufRoot)};`,
        `export const trustedRootUpdated = ${JSON.stringify(trustedRootDate(seeds.trustedRoot))};`,
        `export const trustedRootDigest = ${JSON.stringify(jsonDigest(seeds.trustedRoot))};`,
        `export const verifierBuild = ${JSON.stringify(verifierBuild())};`,
      ].join('\n');
    },
  };
}
