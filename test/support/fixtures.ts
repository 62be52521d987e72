// Where the recorded data lives, for everything that runs under Node: the unit tests,
// the fixture registry (e2e/fixture-registry) and the benchmark (e2e/bench). The data
// stays in ../shared/fixtures next to the repository (or $FIXTURES_DIR); nothing is
// copied into the repository.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** $FIXTURES_DIR, else ../shared/fixtures beside the repository; throws, saying how to fix it, when it is missing. */
export function resolveFixturesDir(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.FIXTURES_DIR;
  const dir = configured ? path.resolve(configured) : path.resolve(REPO_ROOT, '../shared/fixtures');
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    const how = configured
      ? `FIXTURES_DIR is set to "${configured}", which is not a directory.`
      : `It is looked for next to the repository (${REPO_ROOT}/../shared/fixtures).`;
    throw new Error(
      `The recorded fixtures directory ${dir} was not found. ${how} ` +
        'Set FIXTURES_DIR to the folder that holds registry/ and sigstore/ (see its README.md).',
    );
  }
  return dir;
}

let resolved: string | undefined;
const fixturesDir = (): string => (resolved ??= resolveFixturesDir());

export function readFixture<T = unknown>(...segments: string[]): T {
  return JSON.parse(readFileSync(path.join(fixturesDir(), ...segments), 'utf8')) as T;
}

export function listFixtures(...segments: string[]): string[] {
  return readdirSync(path.join(fixturesDir(), ...segments)).filter((f) => f.endsWith('.json'));
}

/** `@nuxt/kit` → `@nuxt_kit.json`, the fixtures' file naming. */
export function packumentFile(name: string): string {
  return `${name.replace('/', '_')}.json`;
}
