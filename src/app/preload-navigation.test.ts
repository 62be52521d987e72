import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { packageQueryKey } from '../lib/package-data/package-query-key';
import type { RegistrySetting } from '../lib/registry-setting-value';
import { preloadNavigation } from './preload-navigation';
import { parseHash } from './routes';

const BASE = 'http://127.0.0.1:4873';
const SETTING: RegistrySetting = { base: BASE, isDefault: false, source: 'url' };

function run(hash: string, queries = new QueryClient(), setting = SETTING): string[] {
  const sent: string[] = [];
  preloadNavigation(parseHash(hash), queries, setting, (base, name) => sent.push(`${base} ${name}`));
  return sent;
}

describe('preloadNavigation', () => {
  it('starts the packument request of every route of a package the cache lacks', () => {
    expect(run('#/package/sigstore')).toEqual([`${BASE} sigstore`]);
    expect(run('#/package/@scope/name/v/1.0.0')).toEqual([`${BASE} @scope/name`]);
    expect(run('#/package/sigstore/compare/1.0.0/1.3.0')).toEqual([`${BASE} sigstore`]);
    expect(run('#/package/sigstore/v/1.3.0/audit')).toEqual([`${BASE} sigstore`]);
  });

  it('sends nothing for a package the query cache has, or is loading', async () => {
    const cached = new QueryClient();
    cached.setQueryData(packageQueryKey(BASE, 'sigstore'), { name: 'sigstore' });
    expect(run('#/package/sigstore/v/1.3.0', cached)).toEqual([]);
    // Another package, or the same name on another registry, is not in it.
    expect(run('#/package/tuf-js', cached)).toEqual([`${BASE} tuf-js`]);
    expect(run('#/package/sigstore', cached, { ...SETTING, base: 'https://registry.npmjs.org' })).toEqual([
      'https://registry.npmjs.org sigstore',
    ]);

    const loading = new QueryClient();
    let finish!: (value: unknown) => void;
    void loading.fetchQuery({
      queryKey: packageQueryKey(BASE, 'sigstore'),
      queryFn: () => new Promise((resolve) => (finish = resolve)),
    });
    expect(run('#/package/sigstore', loading)).toEqual([]);
    finish({ name: 'sigstore' });
    await Promise.resolve();
  });

  it('sends nothing for a route without a package, or with an unusable registry', () => {
    for (const hash of ['#/', '#/verify', '#/review', '#/review/sigstore', '#/nowhere']) expect(run(hash)).toEqual([]);
    expect(run('#/package/sigstore', new QueryClient(), { ...SETTING, invalid: true, problem: 'not a URL' })).toEqual(
      [],
    );
  });
});
