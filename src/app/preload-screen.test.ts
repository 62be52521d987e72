import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { screenPreloads } from './preload-screen';
import { SCREEN_MODULES, type ScreenName } from './screens';

const APP = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(APP, '../..');

/** A document whose element `screen-preloads` holds `text` (none when undefined). */
function documentWith(text: string | undefined): Pick<Document, 'getElementById'> {
  return {
    getElementById: (id: string) =>
      id === 'screen-preloads' && text !== undefined ? ({ textContent: text } as HTMLElement) : null,
  };
}

describe("the opened screen's preloads", () => {
  it("are the build's list for the screen's module", () => {
    const lists = {
      [SCREEN_MODULES.package]: ['/assets/package-page-a.js', '/assets/use-package-b.js'],
      [SCREEN_MODULES.compare]: ['/assets/compare-page-c.js'],
    };
    const doc = documentWith(JSON.stringify(lists));
    expect(screenPreloads('package', doc)).toEqual(['/assets/package-page-a.js', '/assets/use-package-b.js']);
    expect(screenPreloads('compare', doc)).toEqual(['/assets/compare-page-c.js']);
    // A screen the list does not name: imported the usual way.
    expect(screenPreloads('review', doc)).toBeUndefined();
  });

  it('are none without a usable list (the dev server, a damaged page)', () => {
    expect(screenPreloads('package', documentWith(undefined))).toBeUndefined();
    expect(screenPreloads('package', documentWith('{not json'))).toBeUndefined();
    expect(
      screenPreloads('package', documentWith(JSON.stringify({ [SCREEN_MODULES.package]: [1, 2] }))),
    ).toBeUndefined();
  });

  it('name, for every screen, the module its loader imports', () => {
    const source = readFileSync(path.join(APP, 'screens.ts'), 'utf8');
    const loaders = source.slice(source.indexOf('const SCREEN_LOADERS'));
    const imported = new Map(
      [...loaders.matchAll(/^\s*'?([\w-]+)'?:\s*\(\)\s*=>\s*import\('([^']+)'\)/gm)].map((m) => [m[1], m[2]]),
    );
    expect([...imported.keys()].sort()).toEqual(Object.keys(SCREEN_MODULES).sort());
    for (const [screen, module] of Object.entries(SCREEN_MODULES) as [ScreenName, string][]) {
      const spec = imported.get(screen) ?? '';
      const resolved = path.relative(ROOT, path.resolve(APP, spec));
      expect(`${resolved}.tsx`, screen).toBe(module);
    }
  });
});
