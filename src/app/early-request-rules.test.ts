// The rules of lib/early-request.ts against the app's (tested here, beside the app's
// routes): wherever the inline script sends a request, it is for exactly the URL the app
// requests for that address (so the registry service adopts it); where the app would
// request nothing, the script sends nothing.
import { describe, expect, it } from 'vitest';
import { parseHash } from './routes';
import { EARLY_RESPONSE_GLOBAL as CORE_EARLY_RESPONSE_GLOBAL } from '../core/net/early-response';
import { packumentUrl } from '../core/registry/npm-registry';
import { checkPackageName } from '../core/registry/package-name';
import { normalizeRegistryUrl } from '../core/registry/registry-url';
import { EARLY_RESPONSE_GLOBAL, REGISTRY_STORAGE_KEY, earlyPackumentUrl } from '../lib/early-request';
import { REGISTRY_SETTING_KEY, resolveRegistrySetting } from '../lib/registry-setting-value';

/** What the app requests for this address: the boot's preloadRoute, then the registry client. */
function appPackumentUrl(hash: string, search: string, saved: string | null): string | null {
  const route = parseHash(hash);
  if (!('name' in route)) return null;
  const fromUrl = new URLSearchParams(search).get('registry');
  const setting = resolveRegistrySetting(fromUrl, fromUrl === null ? saved : null);
  if (setting.invalid) return null;
  const check = checkPackageName(route.name);
  if (!check.ok) return null;
  return packumentUrl(normalizeRegistryUrl(setting.base), check.name);
}

const HASHES = [
  '#/package/react',
  '#/package/react/',
  '#/package/@types/node',
  '#/package/@types/node/v/20.1.0',
  '#/package/next/v/15.0.0-canary.1+build.5/audit',
  '#/package/vite/compare/5.0.0/6.0.0',
  '#/package/lodash.merge',
  '#/package/a-b_c~d',
  '#/package/%40types%2Fnode',
  '#/package/@types%2Fnode',
  '#/package/React',
  '#/package/.hidden',
  '#/package/_private',
  '#/package/node_modules',
  '#/package/favicon.ico',
  '#/package/http',
  '#/package/@scope',
  '#/package/@/x',
  '#/package/@scope/',
  '#/package/x/v',
  '#/package/x/v/1.0.0/other',
  '#/package/x/compare/1.0.0',
  '#/package/x/unknown',
  '#/package/x%20y',
  '#/package/%',
  '#/package/x/v/%',
  '#/package/x/v/%E2%80%AE1.0.0',
  '#/package/' + 'a'.repeat(214),
  '#/package/' + 'a'.repeat(215),
  '#/package/ü',
  '#/package//x',
  '#/package',
  '#/',
  '#/verify',
  '#/review/react',
  '',
  '#package/react',
  '#//package/react',
];

const REGISTRIES: (string | null)[] = [
  null,
  '',
  'https://registry.npmjs.org',
  'https://registry.npmjs.org/',
  ' https://mirror.test/npm/ ',
  'https://mirror.test/npm//',
  'http://127.0.0.1:4873',
  'http://localhost:4873/',
  'https://user:secret@mirror.test',
  'https://mirror.test/?token=1',
  'https://mirror.test/#part',
  'https://MIRROR.test:443/',
  'ftp://mirror.test',
  'javascript:alert(1)',
  'not a url',
  'https://[::1]:8443/',
  'https://mirror.test/a%20b/',
];

function search(registry: string | null): string {
  return registry === null ? '' : `?${new URLSearchParams({ registry }).toString()}`;
}

describe('earlyPackumentUrl', () => {
  it('sends nothing the app would not request, and only the URL it requests', () => {
    let sent = 0;
    for (const hash of HASHES) {
      for (const fromUrl of REGISTRIES) {
        for (const saved of REGISTRIES) {
          const early = earlyPackumentUrl(hash, search(fromUrl), saved);
          const app = appPackumentUrl(hash, search(fromUrl), saved);
          if (early !== null) {
            sent++;
            expect({ hash, fromUrl, saved, early }).toEqual({ hash, fromUrl, saved, early: app });
          }
        }
      }
    }
    // The rules are not so strict that nothing is ever sent.
    expect(sent).toBeGreaterThan(1000);
  });

  it('holds on random addresses too', () => {
    // A seeded generator: the same addresses on every run.
    let seed = 20261130;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const pieces = [
      'package',
      '@',
      '@s',
      's',
      'x',
      'v',
      'compare',
      'audit',
      '',
      '%2f',
      '%40',
      '.',
      '_',
      '~',
      'A',
      '1.0.0',
      '%',
      ' ',
      '?',
      '#',
      'ü',
      'a'.repeat(120),
    ];
    for (let i = 0; i < 20_000; i++) {
      const segments = Array.from({ length: 1 + Math.floor(random() * 6) }, () =>
        Array.from({ length: 1 + Math.floor(random() * 2) }, () => pick(pieces)).join(''),
      );
      const hash = `#/${random() < 0.8 ? 'package/' : ''}${segments.join('/')}`;
      const fromUrl = pick(REGISTRIES);
      const saved = pick(REGISTRIES);
      const early = earlyPackumentUrl(hash, search(fromUrl), saved);
      if (early !== null)
        expect({ hash, early }).toEqual({ hash, early: appPackumentUrl(hash, search(fromUrl), saved) });
    }
  });

  it.each([
    ['#/package/react', null, null, 'https://registry.npmjs.org/react'],
    ['#/package/@types/node/v/20.1.0', null, null, 'https://registry.npmjs.org/@types%2fnode'],
    ['#/package/vite', 'http://127.0.0.1:4873/', 'https://saved.test', 'http://127.0.0.1:4873/vite'],
    ['#/package/vite', null, 'https://saved.test/npm/', 'https://saved.test/npm/vite'],
  ])('%s with ?registry=%s, saved %s → %s', (hash, fromUrl, saved, expected) => {
    expect(earlyPackumentUrl(hash, search(fromUrl), saved)).toBe(expected);
  });

  it('an unusable ?registry= sends nothing, even with a usable saved one (the app shows the error)', () => {
    expect(earlyPackumentUrl('#/package/react', search('ftp://x.test'), 'https://saved.test')).toBeNull();
  });
});

describe('the names it shares with the modules it may not import', () => {
  it('are the same', () => {
    expect(EARLY_RESPONSE_GLOBAL).toBe(CORE_EARLY_RESPONSE_GLOBAL);
    expect(REGISTRY_STORAGE_KEY).toBe(REGISTRY_SETTING_KEY);
  });
});
