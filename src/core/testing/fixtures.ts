// Reads the recorded data in ../shared/fixtures for unit tests (Node only). The data
// stays there; nothing is copied into the repository.
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';

export const FIXTURES_DIR =
  process.env.FIXTURES_DIR ?? resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../../shared/fixtures');

export function readFixture<T = unknown>(...segments: string[]): T {
  return JSON.parse(readFileSync(join(FIXTURES_DIR, ...segments), 'utf8')) as T;
}

export function listFixtures(...segments: string[]): string[] {
  return readdirSync(join(FIXTURES_DIR, ...segments)).filter((f) => f.endsWith('.json'));
}

/** `@nuxt/kit` → `@nuxt_kit.json`, the fixtures' file naming. */
export function packumentFile(name: string): string {
  return `${name.replace('/', '_')}.json`;
}
