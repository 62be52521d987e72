import { describe, expect, it } from 'vitest';
import { parseHash } from './routes';
import { createScreenCache, screenOf, type ScreenLoaders, type ScreenName } from './screens';

const SCREENS: ScreenName[] = ['home', 'package', 'version', 'audit', 'compare', 'verify-bundle', 'review', 'not-found'];

/** Loaders that count their calls; `fail` names the screens whose chunk does not load. */
function fakeLoaders(fail: ScreenName[] = []) {
  const calls: ScreenName[] = [];
  const components = new Map<ScreenName, () => null>(SCREENS.map((name) => [name, () => null]));
  const loaders = Object.fromEntries(
    SCREENS.map((name) => [
      name,
      () => {
        calls.push(name);
        return fail.includes(name)
          ? Promise.reject(new TypeError(`Failed to fetch dynamically imported module: ${name}.js`))
          : Promise.resolve(components.get(name));
      },
    ]),
  ) as unknown as ScreenLoaders;
  return { loaders, calls, components };
}

describe('the screen a route opens', () => {
  it('maps every route to its own screen, with its props and key', () => {
    expect(screenOf(parseHash('#/'))).toEqual({ name: 'home', props: {} });
    expect(screenOf(parseHash('#/verify'))).toEqual({ name: 'verify-bundle', props: {} });
    expect(screenOf(parseHash('#/package/@scope/name'))).toEqual({
      name: 'package',
      props: { name: '@scope/name' },
      key: '@scope/name',
    });
    expect(screenOf(parseHash('#/package/vue/v/3.0.0'))).toEqual({
      name: 'version',
      props: { name: 'vue', version: '3.0.0' },
      key: 'vue@3.0.0',
    });
    expect(screenOf(parseHash('#/package/vue/v/3.0.0/audit'))).toEqual({
      name: 'audit',
      props: { name: 'vue', version: '3.0.0' },
      key: 'vue@3.0.0',
    });
    expect(screenOf(parseHash('#/package/vue/compare/1.0.0/2.0.0'))).toEqual({
      name: 'compare',
      props: { name: 'vue', from: '1.0.0', to: '2.0.0' },
      key: 'vue:1.0.0:2.0.0',
    });
    expect(screenOf(parseHash('#/nowhere'))).toEqual({ name: 'not-found', props: { path: '/nowhere' } });
  });

  it('keeps one review screen (no key) whatever its spec', () => {
    expect(screenOf(parseHash('#/review'))).toEqual({ name: 'review', props: {} });
    expect(screenOf(parseHash('#/review/vue%403'))).toEqual({ name: 'review', props: { spec: 'vue@3' } });
  });
});

describe('createScreenCache', () => {
  it('starts each chunk once and settles with its component, readable by React without waiting', async () => {
    const { loaders, calls, components } = fakeLoaders();
    const load = createScreenCache(loaders);
    const first = load('package');
    expect(first.status).toBe('pending');
    expect(load('package')).toBe(first);
    const chunk = await first;
    expect(chunk).toEqual({ ok: true, Screen: components.get('package') });
    expect(first.status).toBe('fulfilled');
    expect(first.status === 'fulfilled' ? first.value : undefined).toBe(chunk);
    expect(load('package')).toBe(first);
    expect(calls).toEqual(['package']);
  });

  it('loads another screen only when it is asked for', async () => {
    const { loaders, calls } = fakeLoaders();
    const load = createScreenCache(loaders);
    await load('home');
    expect(calls).toEqual(['home']);
    await load('compare');
    expect(calls).toEqual(['home', 'compare']);
  });

  it('settles a failed load as a failure (never a rejection), kept so that rendering does not import again', async () => {
    const { loaders, calls } = fakeLoaders(['version']);
    const load = createScreenCache(loaders);
    const chunk = await load('version');
    expect(chunk.ok).toBe(false);
    expect(chunk.ok ? undefined : String(chunk.error)).toContain('Failed to fetch dynamically imported module');
    await load('version');
    expect(calls).toEqual(['version']);
    // Other screens still load.
    expect((await load('home')).ok).toBe(true);
  });

  it('treats a loader that throws at once like a failed load', async () => {
    const load = createScreenCache({
      ...fakeLoaders().loaders,
      review: () => {
        throw new Error('no such chunk');
      },
    });
    const chunk = await load('review');
    expect(chunk).toEqual({ ok: false, error: new Error('no such chunk') });
  });
});
