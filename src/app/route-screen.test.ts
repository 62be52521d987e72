import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { RouteScreen } from './route-screen';
import type * as Screens from './screens';
import type { ScreenChunk, ScreenChunkPromise, ScreenName } from './screens';

const chunks = vi.hoisted(() => new Map<string, unknown>());

vi.mock('./screens', async (importOriginal) => ({
  ...(await importOriginal<typeof Screens>()),
  loadScreen: (name: string) => chunks.get(name),
}));

function settled(chunk: ScreenChunk<ScreenName>): ScreenChunkPromise<ScreenName> {
  return Object.assign(Promise.resolve(chunk), { status: 'fulfilled' as const, value: chunk });
}

describe('RouteScreen', () => {
  beforeEach(() => chunks.clear());

  // Suspending here would make React hold the screen's commit until 300 ms after the
  // loading block appeared (its throttling of Suspense reveals). A render that suspends
  // without a boundary fails on the server, so this also tells the two apart.
  it('shows its own loading block while the chunk arrives, without suspending', () => {
    chunks.set('compare', Object.assign(new Promise(() => undefined), { status: 'pending' as const }));
    const html = renderToString(
      createElement(RouteScreen, { route: { page: 'compare', name: 'vue', from: '1.0.0', to: '2.0.0' } }),
    );
    expect(html).toContain('data-testid="loading"');
    expect(html).toContain('Loading the comparison…');
  });

  it('renders a loaded screen with its route’s props at once', () => {
    const Screen = ({ name, version }: { name: string; version: string }) => createElement('p', null, `${name}@${version}`);
    chunks.set('version', settled({ ok: true, Screen: Screen as never }));
    const html = renderToString(createElement(RouteScreen, { route: { page: 'version', name: 'vue', version: '3.5.0' } }));
    expect(html).toBe('<p>vue@3.5.0</p>');
  });
});
