// Reads the Sigstore public-good trusted root and npm's registry keys out of the
// installed @sigstore/tuf's seeds.json (base64 TUF targets), so that the trust material
// the app ships follows that dependency instead of a copy that ages in the repo.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
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
  return createHash('sha256')
    .update(JSON.stringify(value ?? null))
    .digest('hex');
}

/** The folders of src/core whose code gives a verdict: their source is part of the verifier's build. */
const VERIFIER_FOLDERS = ['verify', 'crypto', 'services'] as const;

const REPOSITORY = path.resolve(fileURLToPath(new URL('../', import.meta.url)));

/**
 * The verification code's non-test sources, by path under src/core: the verification
 * folders' files and, followed through their relative imports, every module of src/core
 * they use (the SRI reader in util/, npm's keys in registry/…), so that a change to any of
 * them gives stored verdicts a new key.
 */
export function verifierSources(): [string, string][] {
  const core = path.join(REPOSITORY, 'src/core');
  const found = new Map<string, string>();
  const pending: string[] = [];
  for (const folder of VERIFIER_FOLDERS) {
    const files = readdirSync(path.join(core, folder), { recursive: true, encoding: 'utf8' });
    pending.push(
      ...files.filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).map((f) => path.join(core, folder, f)),
    );
  }
  // The services folder also holds the registry's service, whose imports (the analysis, the
  // network) make no verdict: only the verifier's service is followed.
  const followed = (file: string) =>
    !file.startsWith(path.join(core, 'services') + path.sep) || file.endsWith(`${path.sep}verifier-service.ts`);
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (found.has(file)) continue;
    const source = readFileSync(file, 'utf8');
    found.set(file, source);
    if (!followed(file)) continue;
    for (const specifier of importSpecifiers(source, { typesToo: false }).filter((s) => s.startsWith('.'))) {
      const target = path.resolve(path.dirname(file), specifier);
      const module = [`${target}.ts`, path.join(target, 'index.ts')].find((candidate) => existsSync(candidate));
      if (module && module.startsWith(core + path.sep)) pending.push(module);
    }
  }
  return [...found]
    .map(([file, source]): [string, string] => [path.relative(core, file).split(path.sep).join('/'), source])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Every module a source imports or re-exports from (`import … from 'x'`, `import 'x'`), as
 * written; without `typesToo`, not those only types are taken from (`import type`), which
 * run no code.
 */
function importSpecifiers(source: string, { typesToo = true } = {}): string[] {
  const statements = /^\s*(?:import|export)\b([^'";]*?)\bfrom\s*['"]([^'"]+)['"]|^\s*import\s*['"]([^'"]+)['"]/gm;
  return [...source.matchAll(statements)]
    .filter((match) => typesToo || !/^\s*type\b/.test(match[1] ?? ''))
    .map((match) => match[2] ?? match[3] ?? '');
}

/** The packages a module imports (`import … from 'x'`, `import 'x'`): names, not paths or Node's builtins. */
export function importedPackages(source: string): string[] {
  const names = new Set<string>();
  for (const specifier of importSpecifiers(source)) {
    if (specifier.startsWith('.') || specifier.startsWith('node:') || specifier.startsWith('virtual:')) continue;
    const parts = specifier.split('/');
    names.add(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier));
  }
  return [...names];
}

/** Where Node finds `name` from `dir`: the nearest node_modules folder up to the repository's. */
function installedPackage(name: string, dir: string): string | undefined {
  for (let at = dir; at === REPOSITORY || at.startsWith(REPOSITORY + path.sep); at = path.dirname(at)) {
    const candidate = path.join(at, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
  }
  return undefined;
}

/**
 * The installed version of each package the verification code imports and, recursively,
 * of each of their dependencies (as Node resolves them from where each is installed):
 * a bumped crypto library (noble, `buffer`, RSA padding) changes verdicts as surely as a
 * bumped @sigstore package does. Lines `name@version`, sorted.
 */
export function verifierDependencies(sources: [string, string][] = verifierSources()): string[] {
  const seen = new Map<string, string>();
  const visit = (name: string, from: string): void => {
    const dir = installedPackage(name, from);
    if (dir === undefined || seen.has(dir)) return;
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
      version?: string;
      dependencies?: Record<string, string>;
    };
    seen.set(dir, `${name}@${pkg.version ?? '?'}`);
    for (const dependency of Object.keys(pkg.dependencies ?? {})) visit(dependency, dir);
  };
  for (const name of new Set(sources.flatMap(([, source]) => importedPackages(source)))) {
    if (installedPackage(name, REPOSITORY) === undefined)
      throw new Error(`${name}: imported by the verifier, not installed`);
    visit(name, REPOSITORY);
  }
  return [...new Set(seen.values())].sort();
}

/**
 * The verifier's build, for the keys of stored verdicts (src/core/verify/verdict-cache.ts):
 * the app's version, the installed versions of the packages the verification code uses
 * (and theirs) and the source of the verification code. Any change to them gives stored
 * verdicts a new key: verified again.
 */
export function verifierBuild(): string {
  const hash = createHash('sha256');
  const app = JSON.parse(readFileSync(path.join(REPOSITORY, 'package.json'), 'utf8')) as { version: string };
  hash.update(`app ${app.version}\n`);
  const sources = verifierSources();
  for (const line of verifierDependencies(sources)) hash.update(`${line}\n`);
  for (const [file, source] of sources) hash.update(`${file}\n`).update(source);
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
