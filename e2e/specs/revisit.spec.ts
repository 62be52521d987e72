// Verdicts kept between visits (IndexedDB, src/core/verify/verdict-cache.ts): a reload of
// the page (a new session, the same browser profile) shows every verdict again without
// asking the registry for a single attestation; verdicts that are not final (attestations
// unavailable) are asked again; another trusted root verifies again; "Clear cached
// results" makes the next visit verify again; and a browser without a usable IndexedDB
// still verifies, with no error.
// Requests are counted at the browser context, which sees the verifier workers' fetches.
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { gotoPackage, readRows, REGISTRY, TAMPERED_REGISTRY, waitForVerification } from '../support/app';

/** The machine is shared and sometimes very busy: generous waits on states, never on time. */
test.describe.configure({ timeout: 120_000 });
const SLOW = 60_000;

/**
 * Every attestation request the context makes (the page and its workers) to the fixture
 * registry: `name@version`, prefixed with the sub-registry (`tampered:`) if not the main one.
 */
function countAttestationRequests(context: BrowserContext): { list: string[]; reset: () => void } {
  const list: string[] = [];
  context.on('request', (request) => {
    const url = new URL(request.url());
    const at = url.pathname.indexOf('/-/npm/v1/attestations/');
    if (url.origin === REGISTRY && at >= 0) {
      const sub = url.pathname.slice(1, at);
      const spec = decodeURIComponent(url.pathname.slice(at + '/-/npm/v1/attestations/'.length));
      list.push(sub ? `${sub}:${spec}` : spec);
    }
  });
  return { list, reset: () => list.splice(0) };
}

/** Page errors and alerts: a blocked IndexedDB must show neither. */
function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

test('a revisit of a recorded package shows every verdict without fetching its attestations again', async ({
  page,
  context,
}) => {
  const requests = countAttestationRequests(context);
  await gotoPackage(page, 'tuf-js');
  await waitForVerification(page, 1, SLOW);
  const first = await readRows(page);
  expect(first).toEqual([{ version: '1.0.0', trust: 'provenance', verification: 'verified' }]);
  expect(requests.list).toEqual(['tuf-js@1.0.0']);

  requests.reset();
  await page.reload();
  await waitForVerification(page, 1, SLOW);
  expect(await readRows(page)).toEqual(first);
  expect(requests.list).toEqual([]);
});

test('only final verdicts are kept: unavailable attestations are asked for again on a revisit', async ({
  page,
  context,
}) => {
  const requests = countAttestationRequests(context);
  await gotoPackage(page, 'sigstore');
  await waitForVerification(page, 5, SLOW);
  const first = await readRows(page);
  // 1.3.1 claims no attestations; 1.1.0 answers 404 and 1.2.0 truncated JSON (unavailable).
  expect(requests.list.sort()).toEqual(['sigstore@1.0.0', 'sigstore@1.1.0', 'sigstore@1.2.0', 'sigstore@1.3.0']);

  requests.reset();
  await page.reload();
  await waitForVerification(page, 5, SLOW);
  expect(await readRows(page)).toEqual(first);
  expect(requests.list.sort()).toEqual(['sigstore@1.1.0', 'sigstore@1.2.0']);
});

test('a verdict kept for one registry is never reused for another (the tampered registry fails it)', async ({
  page,
  context,
}) => {
  const requests = countAttestationRequests(context);
  await gotoPackage(page, 'tuf-js');
  await waitForVerification(page, 1, SLOW);
  expect(await readRows(page)).toEqual([{ version: '1.0.0', trust: 'provenance', verification: 'verified' }]);

  // Same name, version and integrity on another registry, whose provenance is tampered with.
  requests.reset();
  // Another address (?registry=): a new document, a new session.
  await gotoPackage(page, 'tuf-js', TAMPERED_REGISTRY);
  await waitForVerification(page, 1, SLOW);
  // A failed provenance proves nothing: the trust level is none.
  expect(await readRows(page)).toEqual([{ version: '1.0.0', trust: 'none', verification: 'failed' }]);
  expect(requests.list).toEqual(['tampered:tuf-js@1.0.0']);

  // And back: each registry's verdict is its own, both kept.
  requests.reset();
  await gotoPackage(page, 'tuf-js');
  await waitForVerification(page, 1, SLOW);
  expect(await readRows(page)).toEqual([{ version: '1.0.0', trust: 'provenance', verification: 'verified' }]);
  expect(requests.list).toEqual([]);
});

test('a verdict kept under one trusted root is not reused under another: verified again, then found again', async ({
  page,
  context,
}) => {
  const requests = countAttestationRequests(context);
  // The TUF CDN has no route here: the root bundled with the build.
  await gotoPackage(page, 'tuf-js');
  await waitForVerification(page, 1, SLOW);
  const first = await readRows(page);
  expect(requests.list).toEqual(['tuf-js@1.0.0']);

  // The fixture's private repository serves another trusted root (and npm keys): a new key.
  requests.reset();
  const tuf = `${REGISTRY}/tuf/publish-keys`;
  const params = new URLSearchParams({ registry: REGISTRY, tuf, 'tuf-root': `${tuf}/root.json`, 'tuf-timeout': '30' });
  await page.goto(`/?${params.toString()}#/package/tuf-js`);
  await expect(page.getByTestId('trusted-root-status')).toHaveAttribute('data-source', 'tuf', { timeout: SLOW });
  await waitForVerification(page, 1, SLOW);
  expect(requests.list).toEqual(['tuf-js@1.0.0']);

  // Back under the bundled root: its verdict is still kept.
  requests.reset();
  await gotoPackage(page, 'tuf-js');
  await waitForVerification(page, 1, SLOW);
  expect(await readRows(page)).toEqual(first);
  expect(requests.list).toEqual([]);
});

test('"Clear cached results" in the settings makes the next visit verify again', async ({ page, context }) => {
  const requests = countAttestationRequests(context);
  await gotoPackage(page, 'tuf-js');
  await waitForVerification(page, 1, SLOW);
  await page.reload();
  await waitForVerification(page, 1, SLOW);
  requests.reset();

  await page.getByRole('button', { name: /^Trusted root/ }).click();
  await page.getByRole('button', { name: 'Clear cached results' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Cleared' })).toHaveText(
    'Cleared 1 cached result: versions are verified again on the next visit.',
  );

  await page.reload();
  await waitForVerification(page, 1, SLOW);
  expect(await readRows(page)).toEqual([{ version: '1.0.0', trust: 'provenance', verification: 'verified' }]);
  expect(requests.list).toEqual(['tuf-js@1.0.0']);
});

for (const [what, script] of [
  [
    'indexedDB.open throws',
    () => {
      IDBFactory.prototype.open = () => {
        throw new DOMException('The user denied permission to access the database.', 'SecurityError');
      };
    },
  ],
  [
    'there is no indexedDB',
    () => {
      Object.defineProperty(globalThis, 'indexedDB', { value: undefined, configurable: true });
    },
  ],
] as const) {
  test(`IndexedDB unusable (${what}): verification works, with no error, and the session still caches`, async ({
    page,
    context,
  }) => {
    await context.addInitScript(script);
    const errors = collectErrors(page);
    const requests = countAttestationRequests(context);
    await gotoPackage(page, 'tuf-js');
    await waitForVerification(page, 1, SLOW);
    expect(await readRows(page)).toEqual([{ version: '1.0.0', trust: 'provenance', verification: 'verified' }]);
    await expect(page.getByRole('alert')).toHaveCount(0);

    // Within the session, the verdict is kept: back to the package, nothing is fetched again.
    requests.reset();
    await page.goto(`/?registry=${encodeURIComponent(REGISTRY)}#/`);
    await gotoPackage(page, 'tuf-js');
    await waitForVerification(page, 1, SLOW);
    expect(requests.list).toEqual([]);
    // A new session cannot read what the page could not store: verified again, no error.
    requests.reset();
    await page.reload();
    await waitForVerification(page, 1, SLOW);
    expect(await readRows(page)).toEqual([{ version: '1.0.0', trust: 'provenance', verification: 'verified' }]);
    expect(requests.list).toEqual(['tuf-js@1.0.0']);

    await page.getByRole('button', { name: /^Trusted root/ }).click();
    await page.getByRole('button', { name: 'Clear cached results' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Cleared' })).toHaveText(
      'Cleared 0 cached results: versions are verified again on the next visit.',
    );
    await expect(page.getByRole('alert')).toHaveCount(0);
    expect(errors).toEqual([]);
  });
}
