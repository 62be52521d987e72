import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { usePackageRecord } from './use-package';

const loadPackage = vi.hoisted(() => vi.fn((..._args: unknown[]) => new Promise<never>(() => undefined)));

vi.mock('../registry-client', () => ({
  loadPackage,
  loadVersionRecords: vi.fn(),
  packagePreview: () => undefined,
  subscribePreviews: () => () => undefined,
}));
vi.mock('../registry-setting', () => ({ useRegistrySetting: () => ({ base: 'https://registry.test' }) }));

function Screen({ name }: { name: string }) {
  usePackageRecord(name);
  return null;
}

describe('usePackageRecord', () => {
  // A render that never commits (here a server render, which runs no effect; in the app,
  // the render React holds back for 300 ms after a screen's loading block) must already
  // have started the packument request: useQuery alone starts it in an effect.
  it('starts the packument request in the render, once', () => {
    const client = new QueryClient();
    const page = createElement(QueryClientProvider, { client }, createElement(Screen, { name: 'left-pad' }));
    renderToString(page);
    expect(loadPackage).toHaveBeenCalledTimes(1);
    expect(loadPackage.mock.calls[0]?.slice(0, 2)).toEqual(['https://registry.test', 'left-pad']);
    renderToString(page);
    expect(loadPackage).toHaveBeenCalledTimes(1);
    client.clear();
  });
});
