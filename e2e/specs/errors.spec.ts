import { expect, test, type Page } from '@playwright/test';
import { appUrl, gotoPackage, REGISTRY } from '../support/app';

function errorPanel(page: Page) {
  return page.getByTestId('error');
}

/** Requests for one package's packument (made by the registry worker; Chromium reports them on the page). */
function countPackumentRequests(page: Page, url: string): () => number {
  let count = 0;
  page.on('request', (request) => {
    if (request.url() === url) count += 1;
  });
  return () => count;
}

test('an unknown package is NOT_FOUND, with no retry button', async ({ page }) => {
  await gotoPackage(page, 'no-such-package-e2e');
  const error = errorPanel(page);
  await expect(error).toHaveAttribute('data-error-code', 'NOT_FOUND');
  await expect(error).toContainText('Package not found');
  await expect(error).toContainText('The registry has no package named "no-such-package-e2e".');
  await expect(error).toContainText(`${REGISTRY}/no-such-package-e2e`);
  await expect(error.getByRole('button', { name: 'Try again' })).toHaveCount(0);
  await expect(page.getByTestId('package-page')).toHaveCount(0);
});

test('an HTTP 500 is HTTP_STATUS, and Try again asks once more', async ({ page }) => {
  const requests = countPackumentRequests(page, `${REGISTRY}/derived-server-error`);
  await gotoPackage(page, 'derived-server-error');
  const error = errorPanel(page);
  await expect(error).toHaveAttribute('data-error-code', 'HTTP_STATUS');
  await expect(error).toContainText('The registry answered HTTP 500');
  // A 500 is not retried by itself.
  expect(requests()).toBe(1);
  await error.getByRole('button', { name: 'Try again' }).click();
  await expect.poll(requests).toBe(2);
  await expect(errorPanel(page)).toHaveAttribute('data-error-code', 'HTTP_STATUS');
});

test('a truncated packument is MALFORMED_RESPONSE', async ({ page }) => {
  await gotoPackage(page, 'derived-malformed-json');
  const error = errorPanel(page);
  await expect(error).toHaveAttribute('data-error-code', 'MALFORMED_RESPONSE');
  await expect(error).toContainText('The response is truncated');
  await expect(error.getByRole('button', { name: 'Try again' })).toBeVisible();
});

test('a rate limit that does not lift is RATE_LIMITED after two retries', async ({ page }) => {
  test.slow(); // Retry-After: 2, retried twice: about 4-6 s before the error.
  const requests = countPackumentRequests(page, `${REGISTRY}/derived-rate-limited`);
  await gotoPackage(page, 'derived-rate-limited');
  // While the app waits and retries, it is still loading, not failing.
  await expect(page.getByTestId('loading')).toBeVisible();
  const error = errorPanel(page);
  await expect(error).toHaveAttribute('data-error-code', 'RATE_LIMITED', { timeout: 15_000 });
  await expect(error).toContainText('it asks to wait 2 s');
  await expect(error).toContainText('The registry asks to wait 2 s.');
  expect(requests()).toBe(3);
});

test('an unreachable registry is NETWORK, and the message mentions CORS and being offline', async ({ page }) => {
  await page.goto(appUrl('/package/vue', 'http://127.0.0.1:9'));
  const error = errorPanel(page);
  await expect(error).toHaveAttribute('data-error-code', 'NETWORK');
  await expect(error).toContainText('CORS');
  await expect(error).toContainText('offline');
  await expect(error).toContainText('http://127.0.0.1:9/vue');
  await expect(page.getByTestId('registry-banner')).toContainText('http://127.0.0.1:9');
});

test('an invalid ?registry= stops with an error instead of falling back to the public registry', async ({ page }) => {
  await page.goto(appUrl('/package/vue', 'javascript:alert(1)'));
  const banner = page.getByTestId('registry-banner');
  await expect(banner).toContainText('The ?registry= address is not usable, so nothing is loaded');
  await expect(banner).toContainText('must start with https:// or http://');
  // No registry is read: the banner claims none, the package screen says why.
  await expect(banner).not.toContainText('Reading from');
  await expect(errorPanel(page)).toHaveAttribute('data-error-code', 'INVALID_REGISTRY_URL');
});

test('an invalid name in the address is INVALID_NAME with its problems', async ({ page }) => {
  await page.goto(appUrl('/package/Not%20Valid'));
  const error = errorPanel(page);
  await expect(error).toHaveAttribute('data-error-code', 'INVALID_NAME');
  await expect(error).toContainText('"Not Valid" is not a valid npm package name.');
  await expect(error.getByRole('listitem')).toHaveText(['Name can only contain URL-friendly characters.']);
  await expect(error.getByRole('button', { name: 'Try again' })).toHaveCount(0);
});

test('an address with a path traversal in the name is INVALID_NAME', async ({ page }) => {
  await page.goto(appUrl('/package/..%2Fetc'));
  const error = errorPanel(page);
  await expect(error).toHaveAttribute('data-error-code', 'INVALID_NAME');
  await expect(error.getByRole('listitem').first()).toBeVisible();
});

test('unknown routes are ROUTE_NOT_FOUND', async ({ page }) => {
  for (const path of ['/nope', '/package', '/package/sigstore/extra', '/package/@scope-only']) {
    await page.goto(appUrl(path));
    const error = errorPanel(page);
    await expect(error, path).toHaveAttribute('data-error-code', 'ROUTE_NOT_FOUND');
    await expect(error).toContainText(`There is no page at #${path}`);
  }
  await errorPanel(page).getByRole('link', { name: 'Search for a package' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Where did each version come from?');
});

test.describe('the registry banner', () => {
  test('is shown with a custom registry', async ({ page }) => {
    await page.goto(appUrl('/'));
    const banner = page.getByTestId('registry-banner');
    await expect(banner).toBeVisible();
    await expect(banner).toContainText(`Reading from ${REGISTRY}, not the public npm registry`);
    await expect(banner).toContainText('as the page address asks');
    await expect(page.getByRole('button', { name: 'Registry (custom)' })).toBeVisible();
  });

  test('is absent with the default registry, and the home page fetches nothing', async ({ page }) => {
    const external: string[] = [];
    page.on('request', (request) => {
      const { hostname } = new URL(request.url());
      if (hostname !== '127.0.0.1' && hostname !== 'localhost') external.push(request.url());
    });
    await page.goto(appUrl('/', null));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Where did each version come from?');
    await expect(page.locator('input[name="package"]')).toBeFocused();
    await expect(page.getByTestId('registry-banner')).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Registry', exact: true })).toBeVisible();
    expect(external).toEqual([]);
  });
});
