// A shared link to a package: its packument request starts at navigation, before the app
// renders, and the package query adopts it: exactly one packument request per navigation.
import { expect, test, type Page } from '@playwright/test';
import { REGISTRY, appUrl, gotoPackage, versionRows, waitForVerification } from '../support/app';
import { REVIEW_APP } from '../fixture-registry/review/review-tree';

/** Counts the page's requests for a packument (the worker's fetches included). */
function countPackumentRequests(page: Page, name: string): () => number {
  const url = `${REGISTRY}/${name.replace('/', '%2f')}`;
  let count = 0;
  page.context().on('request', (request) => {
    if (request.url() === url) count += 1;
  });
  return () => count;
}

test('a shared link to 3,000 versions: one packument request, rows and charts', async ({ page }) => {
  test.setTimeout(120_000);
  const requests = countPackumentRequests(page, 'derived-large');
  await gotoPackage(page, 'derived-large');
  await expect(versionRows(page).first()).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole('heading', { name: /^Versions/ })).toContainText('(3000 of 3000, newest first)');
  // The whole screen, charts included, is built from that one request.
  await expect(page.getByTestId('trust-chart')).toBeVisible({ timeout: 60_000 });
  expect(requests()).toBe(1);
});

test('one request per navigation: a link, another package, and back', async ({ page }) => {
  const sigstore = countPackumentRequests(page, 'sigstore');
  const tufJs = countPackumentRequests(page, 'tuf-js');
  await gotoPackage(page, 'sigstore');
  await waitForVerification(page, 5);
  expect(sigstore()).toBe(1);

  // In the app: the search box opens another package (its request sent at the hash change, adopted by the query).
  await page.locator('input[name="package"]').fill('tuf-js');
  await page.locator('input[name="package"]').press('Enter');
  await expect(page.getByTestId('package-page')).toHaveAttribute('data-package', 'tuf-js');
  await expect(versionRows(page).first()).toBeVisible();
  expect(tufJs()).toBe(1);

  // Back to the first: the query cache answers, nothing is fetched again.
  await page.goBack();
  await expect(page.getByTestId('package-page')).toHaveAttribute('data-package', 'sigstore');
  await expect(versionRows(page)).toHaveCount(5);
  expect(sigstore()).toBe(1);

  // A reload is a new navigation: one new request, adopted by the query.
  await page.reload();
  await waitForVerification(page, 5);
  expect(sigstore()).toBe(2);
});

test("a search sends the package's request without waiting for its screen's code", async ({ page }) => {
  let sent!: () => void;
  const packumentSent = new Promise<void>((resolve) => (sent = resolve));
  page.context().on('request', (request) => {
    if (request.url() === `${REGISTRY}/tuf-js`) sent();
  });
  await page.goto(appUrl('/'));
  await expect(page.locator('input[name="package"]')).toBeVisible();
  // The package screen's chunk is held until the packument request has left: a request
  // sent only by the screen's query would never leave, and the rows never come.
  let held = 0;
  await page.route(/\/assets\/package-page-[^/]*\.js$/, async (route) => {
    held += 1;
    await packumentSent;
    await route.continue();
  });
  await page.locator('input[name="package"]').fill('tuf-js');
  await page.locator('input[name="package"]').press('Enter');
  await expect(versionRows(page).first()).toBeVisible();
  expect(held).toBe(1);
});

test('a search for a package the registry fails on: one request, the error shown with a retry', async ({ page }) => {
  // The request is sent at the hash change and fails before the screen mounts: its query
  // adopts the failure instead of asking again (app/preload-navigation.ts).
  const requests = countPackumentRequests(page, 'derived-server-error');
  await page.goto(appUrl('/'));
  await page.locator('input[name="package"]').fill('derived-server-error');
  await page.locator('input[name="package"]').press('Enter');
  await expect(page.getByRole('button', { name: 'Try again' })).toBeVisible();
  await expect(page.getByText('The registry answered HTTP 500')).toBeVisible();
  expect(requests()).toBe(1);
  // Retrying is a request of its own.
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect.poll(requests).toBe(2);
});

test('from a review, a package it fetched opens without another request', async ({ page }) => {
  test.setTimeout(120_000);
  const requests = countPackumentRequests(page, 'sigstore');
  await page.goto(appUrl(`/review/${REVIEW_APP}`));
  await expect(page.getByTestId('review-progress')).toHaveAttribute('data-status', 'done', { timeout: 100_000 });
  // The review's own: the install document to resolve the tree, the full one for provenance.
  const reviewed = requests();
  expect(reviewed).toBeGreaterThan(0);
  await page
    .getByTestId('dependency-row')
    .filter({ hasText: 'sigstore' })
    .first()
    .getByTitle('Timeline of this package')
    .click();
  await expect(page.getByTestId('package-page')).toHaveAttribute('data-package', 'sigstore');
  await expect(versionRows(page)).toHaveCount(5);
  expect(requests()).toBe(reviewed);
});

test('a link to a version or a comparison also loads the packument once', async ({ page, context }) => {
  const requests = countPackumentRequests(page, 'sigstore');
  await page.goto(appUrl('/package/sigstore/v/1.3.0'));
  await expect(page.getByTestId('version-detail')).toBeVisible();
  expect(requests()).toBe(1);
  // Another route in the same document: the query cache answers.
  await page.goto(appUrl('/package/sigstore/compare/1.2.0/1.3.0'));
  await expect(page.getByTestId('compare-row').first()).toBeVisible();
  expect(requests()).toBe(1);
  // The comparison's link opened in a new tab: a navigation, one request of its own.
  const tab = await context.newPage();
  await tab.goto(appUrl('/package/sigstore/compare/1.2.0/1.3.0'));
  await expect(tab.getByTestId('compare-row').first()).toBeVisible();
  expect(requests()).toBe(2);
});

/** The URLs of the workers the page starts. */
function watchWorkers(page: Page): string[] {
  const urls: string[] = [];
  page.on('worker', (worker) => urls.push(worker.url()));
  return urls;
}

test("a shared link's request is sent by the worker index.html starts (lib/early-request.ts), and adopted", async ({
  page,
}) => {
  const workers = watchWorkers(page);
  const requests = countPackumentRequests(page, '@playwright/cli');
  await gotoPackage(page, '@playwright/cli');
  await expect(versionRows(page).first()).toBeVisible();
  // The early worker is a `blob:` one; no other registry worker was started beside it.
  expect(workers.filter((url) => url.startsWith('blob:'))).toHaveLength(1);
  expect(workers.filter((url) => /registry\.worker/.test(url))).toHaveLength(0);
  expect(requests()).toBe(1);
});

test('no early request where the app would not load a package', async ({ page }) => {
  const workers = watchWorkers(page);
  await page.goto(appUrl('/'));
  await expect(page.locator('input[name="package"]')).toBeVisible();
  // An unusable registry address: the app says so and requests nothing.
  await page.goto(appUrl('/package/sigstore', 'ftp://registry.test'));
  await expect(page.getByText(/The \?registry= address is not usable/).first()).toBeVisible();
  expect(workers.filter((url) => url.startsWith('blob:'))).toEqual([]);
});
