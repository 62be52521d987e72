// Every screen is a chunk of its own (src/app/screens.ts): the entry starts the opened
// screen's chunk at navigation, and a chunk that cannot be loaded (offline, a new deploy
// that removed it) says so with a reload link instead of an endless spinner.
import { expect, test, type Page, type Route } from '@playwright/test';
import { COMPILE_HINT } from '../../scripts/eager-compile';
import { appUrl, gotoPackage, gotoVersion, versionRows } from '../support/app';

/** Answers 404 for the built chunk whose file name starts with `chunk-` (e.g. `compare-page`). */
async function failChunk(page: Page, chunk: string): Promise<() => string[]> {
  const failed: string[] = [];
  await page.route(new RegExp(`/assets/${chunk}-[\\w-]+\\.js$`), (route: Route) => {
    failed.push(route.request().url());
    return route.fulfill({ status: 404, contentType: 'text/plain', body: 'Not Found' });
  });
  return () => failed;
}

function chunkError(page: Page) {
  return page.locator('[data-testid="error"][data-error-code="CHUNK_LOAD_FAILED"]');
}

test('a screen chunk that fails to load after a hash change shows the error with a reload link', async ({ page }) => {
  test.slow(); // two loads of a screen, the second one verifying
  await page.goto(appUrl('/'));
  await expect(page.locator('input[name="package"]')).toBeVisible();
  const failed = await failChunk(page, 'compare-page');
  await page.evaluate(() => {
    window.location.hash = '#/package/sigstore/compare/1.0.0/1.3.0';
  });
  const error = chunkError(page);
  await expect(error).toBeVisible();
  await expect(error).toContainText('This page could not be loaded');
  expect(failed().length).toBeGreaterThan(0);
  // No spinner left behind, and the shell (header search) still works.
  await expect(page.getByTestId('loading')).toHaveCount(0);
  await expect(page.locator('header input[name="package"]')).toBeVisible();

  // The reload link loads the page again: with the chunk back, the screen is there.
  await page.unrouteAll();
  await error.getByTestId('reload-page').click();
  await expect(page.getByTestId('compare-row').first()).toBeVisible({ timeout: 20_000 });
  await expect(chunkError(page)).toHaveCount(0);
});

test('a shared link whose screen chunk fails shows the error in the shell, and other screens still open', async ({
  page,
}) => {
  test.slow(); // a second screen, verifying
  await failChunk(page, 'version-page');
  await gotoVersion(page, 'sigstore', '1.3.0');
  const error = chunkError(page);
  await expect(error).toBeVisible();
  await expect(error.getByTestId('reload-page')).toHaveAttribute('href', /#\/package\/sigstore\/v\/1\.3\.0$/);
  await expect(page.getByRole('link', { name: 'Provenance Explorer' })).toBeVisible();
  // Another screen's chunk is unaffected.
  await page.evaluate(() => {
    window.location.hash = '#/package/sigstore';
  });
  await expect(versionRows(page).first()).toBeVisible({ timeout: 20_000 });
  await expect(chunkError(page)).toHaveCount(0);
});

test("the app's own chunk failing shows the error with a reload link (no React needed)", async ({ page }) => {
  // React's chunk, which holds app/start.tsx (scripts/app-chunks.ts).
  await failChunk(page, 'react');
  await gotoPackage(page, 'sigstore');
  const error = chunkError(page);
  await expect(error).toBeVisible();
  await expect(error).toContainText('This page could not be loaded');
  await expect(error.getByTestId('reload-page')).toBeVisible();
});

test("the opened screen's chunk is requested before the app's chunk has arrived (no waterfall)", async ({ page }) => {
  test.slow();
  // The app's chunk is held until the package screen's chunk has been requested: were the
  // screen's chunk requested only once the app runs, the page would never show a row.
  let screenRequested!: () => void;
  const screenSeen = new Promise<void>((resolve) => (screenRequested = resolve));
  page.on('request', (request) => {
    if (/\/assets\/package-page-[\w-]+\.js$/.test(request.url())) screenRequested();
  });
  await page.route(/\/assets\/react-[\w-]+\.js$/, async (route) => {
    await screenSeen;
    await route.continue();
  });
  await gotoPackage(page, 'sigstore');
  await expect(versionRows(page).first()).toBeVisible({ timeout: 20_000 });
});

test("index.html's app preloads are low priority, so a shared link's registry worker is not queued behind them", async ({
  page,
}) => {
  // HTTP/1.1 gives a host six connections: the registry worker's script (requested by the
  // entry once it runs, and the packument's request waits for it) takes the next free one
  // only if the preloads of the app's chunks, requested earlier, have a lower priority.
  await page.goto(appUrl('/'));
  // index.html as served (the entry adds the opened screen's preloads to the live page).
  const html = await (await page.request.get(appUrl('/'))).text();
  const { preloads, entry } = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'text/html');
    return {
      preloads: [...doc.querySelectorAll('head > link[rel="modulepreload"]')].map((link) => ({
        href: link.getAttribute('href') ?? '',
        priority: link.getAttribute('fetchpriority'),
      })),
      entry: doc.querySelector('script[type="module"][src]')?.getAttribute('src'),
    };
  }, html);
  const entryCode = await (await page.request.get(new URL(entry ?? '', page.url()).href)).text();
  // The entry's static imports are needed to run it: those keep their priority.
  const imported = new Set([...entryCode.matchAll(/(?:from|import)\s*["']\.\/([^"']+)["']/g)].map((m) => m[1]));
  const entryImports = preloads.filter((link) => imported.has(link.href.split('/').pop()));
  const app = preloads.filter((link) => !entryImports.includes(link));
  // React's chunk and the app's at least (scripts/app-chunks.ts).
  expect(app.length).toBeGreaterThanOrEqual(2);
  expect(app.filter((link) => link.priority !== 'low')).toEqual([]);
  expect(entryImports.filter((link) => link.priority === 'low')).toEqual([]);
});

test('a shared link to a package loads few scripts before its first row: every request costs', async ({ page }) => {
  // scripts/app-chunks.ts: the entry, React's chunk, the app's, the package screen's and
  // what it shares with other screens, and a few small shared chunks. Rolldown's automatic
  // chunking gave 26 (a chunk for every set of importers). The page's own scripts, as the
  // page saw them when its first row appeared (the workers' are not the page's).
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (!document.querySelector('[data-testid="version-row"]')) return;
      observer.disconnect();
      (window as { scriptsAtFirstRow?: string[] }).scriptsAtFirstRow = performance
        .getEntriesByType('resource')
        .map((entry) => new URL(entry.name))
        .filter((url) => url.origin === location.origin && url.pathname.endsWith('.js'))
        .map(
          (url) =>
            url.pathname
              .split('/')
              .pop()
              ?.replace(/-[\w-]{8}\.js$/, '') ?? '',
        );
    }).observe(document, { childList: true, subtree: true });
  });
  await gotoPackage(page, 'sigstore');
  await expect(versionRows(page).first()).toBeVisible();
  const scripts = await page.evaluate(() => (window as { scriptsAtFirstRow?: string[] }).scriptsAtFirstRow ?? []);
  for (const chunk of ['react', 'app', 'package-page', 'screens']) expect(scripts).toContain(chunk);
  expect(scripts.length).toBeLessThanOrEqual(9);
});

test("the app's chunks are compiled as they load, not function by function on the main thread", async ({ page }) => {
  // scripts/eager-compile.ts: V8's compile hint heads every chunk, and the CommonJS
  // modules' factories (react-dom's among them) are `function` expressions, not arrows.
  await page.goto(appUrl('/'));
  const html = await (await page.request.get(appUrl('/'))).text();
  const hrefs = await page.evaluate(
    (text) =>
      [...new DOMParser().parseFromString(text, 'text/html').querySelectorAll('head > link[rel="modulepreload"]')].map(
        (link) => link.getAttribute('href') ?? '',
      ),
    html,
  );
  // React's chunk and the app's at least (scripts/app-chunks.ts).
  expect(hrefs.length).toBeGreaterThanOrEqual(2);
  const chunks = await Promise.all(
    hrefs.map(async (href) => ({ href, code: await (await page.request.get(new URL(href, page.url()).href)).text() })),
  );
  // V8 compiles eagerly the functions after the hint: only Vite's list of a chunk's
  // stylesheets (one short line) may come before it.
  const hinted = ({ code }: { code: string }) => code.split('\n', 2).includes(COMPILE_HINT);
  expect(chunks.filter((chunk) => !hinted(chunk)).map(({ href }) => href)).toEqual([]);
  const react = chunks.find(({ code }) => code.includes('react.transitional.element'));
  expect(react).toBeDefined();
  // `=t((function(e,n){…` and never `=t((e=>{…` or `=t(((e,n)=>{…` (minified names vary).
  expect(react?.code).toMatch(/=[\w$]+\(\(function\([\w$,]*\)\{/);
  expect(react?.code).not.toMatch(/=[\w$]+\(\((?:[\w$]+|\([\w$,]*\))=>\{/);
});
