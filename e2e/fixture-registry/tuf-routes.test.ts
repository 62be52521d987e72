// The fixture registry's derived TUF repositories, followed over HTTP by the app's own
// trust module (tuf-js behind the app's HTTP client), as the browser does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveTrustedRoot } from '../../src/core/trust/resolve-trusted-root';
import { memoryTufCache } from '../../src/core/trust/tuf-cache';
import { loadRecordedFixtures } from './fixtures';
import { startFixtureRegistry, type StartedRegistry } from './registry-app';
import { readFileSync } from 'node:fs';
import path from 'node:path';

let registry: StartedRegistry;
let initialRoot: string;
const bundledRoot = { bundled: true };

beforeAll(async () => {
  registry = await startFixtureRegistry({ port: 0 });
  initialRoot = await (await fetch(`${registry.url}/tuf/root.json`)).text();
});

afterAll(async () => {
  await registry.close();
});

function resolveAt(caseName: string, budgetMs = 10_000) {
  return resolveTrustedRoot({
    settings: { mirrorUrl: `${registry.url}/tuf/${caseName}`, initialRoot },
    bundled: { tufRoot: '{}', trustedRoot: bundledRoot, npmKeys: {} },
    cache: memoryTufCache(),
    budgetMs,
  });
}

describe('fixture registry: derived TUF repositories under /tuf/', () => {
  it('derived valid repository: used, with the recorded public-good trusted_root.json', async () => {
    const { dir } = loadRecordedFixtures();
    const publicGood: unknown = JSON.parse(
      readFileSync(path.join(dir, 'sigstore/trusted-roots/public-good.json'), 'utf8'),
    );
    const state = await resolveAt('valid');
    expect(state).toMatchObject({ source: 'tuf', tuf: { root: 2 } });
    expect(state.trustedRoot).toEqual(publicGood);
  });

  it.each([
    ['expired-timestamp', 'expired'],
    ['rollback', 'rollback'],
    ['too-few-signatures', 'too-few-signatures'],
    ['unsigned-rotation', 'root-rotation-unsigned'],
  ])('derived %s repository: refused (%s), the bundled root is used', async (name, code) => {
    const state = await resolveAt(name);
    expect(state).toMatchObject({ source: 'bundled', reasonCode: code });
    expect(state.trustedRoot).toBe(bundledRoot);
  });

  it('a stalling repository: the bundled root once the budget is spent', async () => {
    const state = await resolveAt('stall', 300);
    expect(state).toMatchObject({ source: 'bundled', reasonCode: 'timeout' });
  });

  it('the initial root is served byte for byte at /tuf/root.json and as 1.root.json of every case', async () => {
    const one = await (await fetch(`${registry.url}/tuf/valid/1.root.json`)).text();
    expect(one).toBe(initialRoot);
    expect((JSON.parse(initialRoot) as { signed: { _type: string } }).signed._type).toBe('root');
  });
});
