// A shared link to a package: its packument request starts at navigation, before the app
// renders, and the package query adopts it: exactly one packument request per navigation.
import { expect, test, type Page } from '@playwright/test';
import { REGISTRY, appUrl, gotoPackage, holdRequests, versionRows, waitForVerification } from '../support/app';
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
  // The whole record is analysed after the first rows: seconds on a busy machine.
  await expect(page.getByRole('heading', { name: /^Versions/ })).toContainText('(3000 of 3000, newest first)', {
    timeout: 60_000,
  });
  // The whole screen, charts included, is built from that one request.
  await expect(page.getByTestId('trust-chart')).toBeVisible({ timeout: 60_000 });
  expect(requests()).toBe(1);
});

for (const name of ['sigstore', 'derived-many-attested']) {
  test(`${name}: from its first rows on, the page always lists versions (the preview stays until the timeline takes its place)`, async ({
    page,
  }) => {
    test.setTimeout(60_000);
    // Every state of the DOM React commits, once the first row is there: whether a list of
    // versions (the preview's or the timeline's) is in it.
    await page.addInitScript(() => {
      const seen = { firstRow: false, without: 0, timeline: false };
      (window as unknown as { __versions: typeof seen }).__versions = seen;
      new MutationObserver(() => {
        const preview = document.querySelector('[data-testid="timeline-preview"]');
        const timeline = document.querySelector('section[aria-labelledby="timeline-heading"]');
        if (document.querySelector('[data-testid="version-row"]')) seen.firstRow = true;
        if (timeline) seen.timeline = true;
        if (seen.firstRow && !preview && !timeline) seen.without += 1;
      }).observe(document, { childList: true, subtree: true });
    });
    await gotoPackage(page, name);
    await expect(page.getByRole('heading', { name: /^Versions/ })).toContainText('newest first', { timeout: 30_000 });
    const seen = await page.evaluate(
      () => (window as unknown as { __versions: { firstRow: boolean; without: number; timeline: boolean } }).__versions,
    );
    expect(seen).toEqual({ firstRow: true, without: 0, timeline: true });
  });
}

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

test('a large packument there at once: its newest rows are read from its end first, and are those of the whole', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const url = `${REGISTRY}/derived-large`;
  // The whole body at once, as on a fast link (the worker's request included).
  let routed = 0;
  await page.context().route(url, async (route) => {
    routed += 1;
    const response = await route.fetch();
    await route.fulfill({ response, body: await response.text() });
  });
  // Every state of the preview: the page's title, its heading and its rows' versions.
  await page.addInitScript(() => {
    const seen: { title: string; heading: string; versions: string[] }[] = [];
    (window as unknown as { __previews: typeof seen }).__previews = seen;
    new MutationObserver(() => {
      const preview = document.querySelector('[data-testid="timeline-preview"]');
      if (!preview) return;
      const title = document.querySelector('h1')?.textContent ?? '';
      const heading = preview.querySelector('h2')?.textContent ?? '';
      const versions = [...preview.querySelectorAll('[data-testid="version-row"]')].map(
        (row) => row.getAttribute('data-version') ?? '',
      );
      const last = seen.at(-1);
      if (!last || last.title !== title || last.heading !== heading || last.versions.join() !== versions.join())
        seen.push({ title, heading, versions });
    }).observe(document, { childList: true, subtree: true, characterData: true });
  });
  await gotoPackage(page, 'derived-large');
  await expect(page.getByRole('heading', { name: /^Versions/ })).toContainText('(3000 of 3000, newest first)', {
    timeout: 60_000,
  });
  expect(routed).toBe(1);
  const previews = await page.evaluate(
    () => (window as unknown as { __previews: { title: string; heading: string; versions: string[] }[] }).__previews,
  );
  const provisional = previews.filter((preview) => preview.heading.includes('the rest are being read'));
  expect(provisional.length).toBeGreaterThan(0);
  // The package's name is the page's title from its first rows, not only once it is analysed.
  expect(previews.map((preview) => preview.title)).toEqual(previews.map(() => 'derived-large'));
  // The rows read from the end are the whole timeline's newest, in its order.
  const rows = await versionRows(page).evaluateAll((elements) =>
    elements.map((row) => row.getAttribute('data-version') ?? ''),
  );
  // (Both lists are virtual: the rows in the DOM from the top.)
  for (const preview of previews.filter((p) => p.versions.length > 0)) {
    const shown = Math.min(preview.versions.length, rows.length);
    expect(preview.versions.slice(0, shown)).toEqual(rows.slice(0, shown));
  }
});

test('a large packument whose end reads well but which is not JSON: the error, and no rows left from its end', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const url = `${REGISTRY}/derived-large`;
  // DERIVED: the document with one brace dropped in its middle; then, once asked again,
  // the document itself, held back until released.
  let broken = true;
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.context().route(url, async (route) => {
    const response = await route.fetch();
    const text = await response.text();
    if (!broken) await released;
    const middle = text.indexOf('},"', text.length / 2);
    await route.fulfill({ response, body: broken ? text.slice(0, middle) + text.slice(middle + 1) : text });
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    const state = window as unknown as { __previews: string[]; __errors: number };
    state.__previews = seen;
    state.__errors = 0;
    let errorShown = false;
    new MutationObserver(() => {
      const heading = document.querySelector('[data-testid="timeline-preview"] h2')?.textContent;
      if (heading && seen.at(-1) !== heading) seen.push(heading);
      // Each time the error appears (a retry replaces it with the loading state first).
      const error = document.body?.textContent?.includes("The registry's answer could not be read") ?? false;
      if (error && !errorShown) state.__errors += 1;
      errorShown = error;
    }).observe(document, { childList: true, subtree: true, characterData: true });
  });
  // Its end is read first and shown, and nothing of it is left on the error. Whether the
  // rows from its end are committed before the whole parse fails is a race on a busy
  // machine (they render as a transition, and the error replaces them): one full run of
  // the suite saw the error first. So the load is tried up to three times, until the end
  // was shown in one; after each, nothing of it is left.
  let shownEnd = false;
  for (let attempt = 0; attempt < 3 && !shownEnd; attempt++) {
    if (attempt === 0) await gotoPackage(page, 'derived-large');
    else await page.getByRole('button', { name: 'Try again' }).click();
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { __errors: number }).__errors), { timeout: 60_000 })
      .toBe(attempt + 1);
    await expect(page.getByRole('heading', { name: "The registry's answer could not be read" })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Try again' })).toBeVisible();
    const previews = await page.evaluate(() => (window as unknown as { __previews: string[] }).__previews.splice(0));
    shownEnd = previews.some((heading) => heading.includes('the rest are being read'));
    await expect(page.getByTestId('timeline-preview')).toHaveCount(0);
    await expect(versionRows(page)).toHaveCount(0);
  }
  expect(shownEnd).toBe(true);
  // Loading it again shows none of the failed load's rows while it waits.
  broken = false;
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByText('Loading derived-large from the registry…')).toBeVisible();
  await expect(page.getByTestId('timeline-preview')).toHaveCount(0);
  release();
  await expect(page.getByRole('heading', { name: /^Versions/ })).toContainText('(3000 of 3000, newest first)', {
    timeout: 60_000,
  });
});

test("the preview's rows are rendered after its message, not in the task that received it", async ({ page }) => {
  // The packument held until the package's screen is there, so that its preview arrives
  // on a mounted screen. For each preview message (the registry worker's `{ bytes }`): the
  // rows in the DOM before its handler, and once the handler's task has run its
  // microtasks (where a synchronous render commits): a render that yields commits later.
  const packument = await holdRequests(page.context(), `${REGISTRY}/tuf-js`);
  await page.addInitScript(() => {
    const seen: { before: number; after: number }[] = [];
    (window as unknown as { __previewTasks: typeof seen }).__previewTasks = seen;
    const rows = () => document.querySelectorAll('[data-testid="version-row"]').length;
    const handler = Object.getOwnPropertyDescriptor(MessagePort.prototype, 'onmessage');
    if (!handler?.set || !handler.get) throw new Error('no MessagePort.onmessage');
    const { get, set } = handler;
    Object.defineProperty(MessagePort.prototype, 'onmessage', {
      configurable: true,
      get() {
        return get.call(this);
      },
      set(listener: ((event: MessageEvent) => void) | null) {
        set.call(
          this,
          listener &&
            function (this: MessagePort, event: MessageEvent) {
              const preview = (event.data as { bytes?: unknown } | null)?.bytes instanceof Uint8Array;
              const before = preview ? rows() : 0;
              listener.call(this, event);
              if (preview)
                queueMicrotask(() => queueMicrotask(() => queueMicrotask(() => seen.push({ before, after: rows() }))));
            },
        );
      },
    });
  });
  await gotoPackage(page, 'tuf-js');
  await expect(page.getByTestId('cancel-loading')).toBeVisible({ timeout: 30_000 });
  await expect.poll(packument.held, { timeout: 30_000 }).toBe(1);
  packument.release();
  await expect(versionRows(page).first()).toBeVisible({ timeout: 30_000 });
  const tasks = await page.evaluate(
    () => (window as unknown as { __previewTasks: { before: number; after: number }[] }).__previewTasks,
  );
  expect(tasks.length).toBeGreaterThan(0);
  expect(tasks[0]).toEqual({ before: 0, after: 0 });
});
