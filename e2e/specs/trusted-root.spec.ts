// The trusted root in use: followed from a TUF repository (the fixture registry's
// derived ones under /tuf/, signed with test keys), or the bundled root when the
// repository is unreachable, stalls or is refused — and verification completes either
// way. Sigstore's TUF CDN has no route here (playwright.config.ts maps its host to
// NOTFOUND), so the default setting exercises "unreachable" without leaving the machine.
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { REGISTRY, versionRow, waitForVerification } from '../support/app';

const TUF = `${REGISTRY}/tuf`;
/** The machine is shared and sometimes very busy: generous waits on states, never on time. */
const SLOW = { timeout: 45_000 };
test.describe.configure({ timeout: 120_000 });
const ISO_DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/**
 * `?tuf-timeout=30` for the cases that must be followed to their end: on a busy machine
 * the default 3 s can pass before a loopback repository is verified (the stall case
 * keeps the default, and checks it).
 */
function appWithTuf(hashPath: string, tufCase?: string): string {
  const params = new URLSearchParams({ registry: REGISTRY });
  if (tufCase) {
    params.set('tuf', `${TUF}/${tufCase}`);
    params.set('tuf-root', `${TUF}/root.json`);
    if (tufCase !== 'stall') params.set('tuf-timeout', '30');
  }
  return `/?${params.toString()}#${hashPath}`;
}

function status(page: Page) {
  return page.getByTestId('trusted-root-status');
}

test('the connection to the TUF repository in use is opened at navigation on a screen that verifies, not on the home page', async ({
  page,
}) => {
  const preconnects = () =>
    page.locator('link[rel="preconnect"]').evaluateAll((links) => links.map((link) => link.getAttribute('href')));
  // Each address a new document (another query), not a hash change.
  await page.goto(appWithTuf('/'));
  await expect(page.locator('input[name="package"]')).toBeVisible();
  expect(await preconnects()).toEqual([]);

  await page.goto(appWithTuf('/package/sigstore', 'valid'));
  await expect(status(page)).toHaveAttribute('data-source', 'tuf', SLOW);
  expect(await preconnects()).toEqual([new URL(REGISTRY).origin]);

  await page.goto(appWithTuf('/verify'));
  await expect(page.locator('textarea[name="bundle"]')).toBeVisible();
  expect(await preconnects()).toEqual(['https://tuf-repo-cdn.sigstore.dev']);
});

test('no route to the TUF CDN: the bundled root, saying why, and verification still completes', async ({ page }) => {
  await page.goto(appWithTuf('/package/sigstore'));
  await expect(status(page)).toHaveAttribute('data-source', 'bundled', SLOW);
  await expect(status(page)).toHaveAttribute('data-reason', 'unreachable');
  await expect(status(page)).toHaveAttribute('data-updated', ISO_DATE);
  await expect(status(page)).toContainText('bundled with this build');
  await expect(status(page)).toContainText('https://tuf-repo-cdn.sigstore.dev could not be read');
  await waitForVerification(page, undefined, 60_000);
  await expect(versionRow(page, '1.0.0')).toHaveAttribute('data-verification', 'verified', SLOW);
  await expect(versionRow(page, '1.3.0')).toHaveAttribute('data-verification', 'verified', SLOW);
});

test("the TUF client's second part cannot be loaded: the bundled root, saying why, and verification still completes", async ({
  page,
}) => {
  // The trust worker's first part starts the repository's requests; tuf-js is a chunk of
  // its own (workers/trust.worker.ts). Without it, nothing was verified: the bundled root.
  let refused = 0;
  await page.context().route(/\/assets\/trust-refresh-[^/]*\.js$/, (route) => {
    refused += 1;
    return route.abort('failed');
  });
  await page.goto(appWithTuf('/package/sigstore', 'valid'));
  await expect(status(page)).toHaveAttribute('data-source', 'bundled', SLOW);
  await expect(status(page)).toHaveAttribute('data-reason', 'unreachable');
  await expect(status(page)).toContainText('the TUF client could not be loaded');
  expect(refused).toBeGreaterThan(0);
  await waitForVerification(page, undefined, 60_000);
  await expect(versionRow(page, '1.0.0')).toHaveAttribute('data-verification', 'verified', SLOW);
});

test("a revisit to an unchanged TUF repository: its root from the repository again, decided without the TUF client's second part", async ({
  page,
}) => {
  await page.goto(appWithTuf('/package/sigstore', 'valid'));
  await expect(status(page)).toHaveAttribute('data-source', 'tuf', SLOW);
  await waitForVerification(page, undefined, 60_000);
  // The kept metadata decides (core/trust/kept-unchanged.ts): were tuf-js needed, the
  // refused chunk would leave the bundled root, saying it could not be loaded.
  let refused = 0;
  await page.context().route(/\/assets\/trust-refresh-[^/]*\.js$/, (route) => {
    refused += 1;
    return route.abort('failed');
  });
  await page.reload();
  await expect(status(page)).toHaveAttribute('data-source', 'tuf', SLOW);
  await expect(status(page)).not.toHaveAttribute('data-reason', /./);
  await expect(status(page)).toContainText('root v2');
  await waitForVerification(page, undefined, 60_000);
  await expect(versionRow(page, '1.0.0')).toHaveAttribute('data-verification', 'verified', SLOW);
  expect(refused).toBe(0);
});

test('derived valid TUF repository: its root is used on the package page and in the export', async ({ page }) => {
  await page.goto(appWithTuf('/package/sigstore', 'valid'));
  await expect(status(page)).toHaveAttribute('data-source', 'tuf', SLOW);
  await expect(status(page)).not.toHaveAttribute('data-reason', /./);
  await expect(status(page)).toHaveAttribute('data-updated', ISO_DATE);
  await expect(status(page)).toContainText(`from the TUF repository ${TUF}/valid`);
  await expect(status(page)).toContainText('root v2');
  await waitForVerification(page, undefined, 60_000);
  await expect(versionRow(page, '1.0.0')).toHaveAttribute('data-verification', 'verified', SLOW);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
  const doc = JSON.parse(await readFile(await download.path(), 'utf8')) as {
    trustMaterial: { trustedRootInUse: { source: string; updated: string; repository: string } };
  };
  expect(doc.trustMaterial.trustedRootInUse).toMatchObject({ source: 'tuf', repository: `${TUF}/valid` });
  expect(doc.trustMaterial.trustedRootInUse.updated).toBe(await status(page).getAttribute('data-updated'));
});

test('derived valid TUF repository: its root is used on the version and bundle pages; a root typed in is custom', async ({
  page,
}) => {
  await page.goto(appWithTuf('/package/sigstore/v/1.0.0', 'valid'));
  await expect(status(page)).toHaveAttribute('data-source', 'tuf', SLOW);
  await expect(page.getByTestId('version-detail')).toHaveAttribute('data-verification', 'verified', SLOW);

  await page.goto(appWithTuf('/verify', 'valid'));
  await expect(status(page)).toHaveAttribute('data-source', 'tuf', SLOW);
  await page.getByText('Advanced: trusted root and keys').click();
  await page
    .locator('textarea[name="trusted-root"]')
    .fill(JSON.stringify({ tlogs: [{ publicKey: { validFor: { start: '2024-05-06T07:08:09Z' } } }] }));
  await expect(status(page)).toHaveAttribute('data-source', 'custom');
  await expect(status(page)).toHaveAttribute('data-updated', '2024-05-06T07:08:09.000Z');
});

for (const [name, code, text] of [
  ['expired-timestamp', 'expired', 'timestamp.json has expired'],
  ['rollback', 'rollback', 'a rollback'],
  ['too-few-signatures', 'too-few-signatures', 'timestamp.json is not signed by enough of the keys'],
  ['unsigned-rotation', 'root-rotation-unsigned', 'a root rotation must be signed by the previous root'],
] as const) {
  test(`derived ${name} TUF repository: refused with its reason, the bundled root is used`, async ({ page }) => {
    await page.goto(appWithTuf('/package/sigstore', name));
    await expect(status(page)).toHaveAttribute('data-source', 'bundled', SLOW);
    await expect(status(page)).toHaveAttribute('data-reason', code);
    await expect(status(page)).toContainText(`the TUF repository ${TUF}/${name} was refused`);
    await expect(status(page)).toContainText(text);
    await waitForVerification(page, undefined, 60_000);
    await expect(versionRow(page, '1.0.0')).toHaveAttribute('data-verification', 'verified', SLOW);
  });
}

test('a TUF repository that stalls: the bundled root within the bound, and verification completes', async ({
  page,
}) => {
  await page.goto(appWithTuf('/package/sigstore', 'stall'));
  await expect(status(page)).toHaveAttribute('data-source', 'bundled', SLOW);
  await expect(status(page)).toHaveAttribute('data-reason', 'timeout');
  await expect(status(page)).toContainText('did not answer within 3 s');
  await waitForVerification(page, undefined, 60_000);
  await expect(versionRow(page, '1.0.0')).toHaveAttribute('data-verification', 'verified', SLOW);
});

test('?tuf=<repository> alone, for a repository the pinned root does not sign: refused, pointing to ?tuf-root=; with it, followed', async ({
  page,
}) => {
  // The fixture's repositories are signed with test keys, as a private Sigstore instance's.
  const alone = new URLSearchParams({ registry: REGISTRY, tuf: `${TUF}/valid`, 'tuf-timeout': '30' });
  await page.goto(`/?${alone.toString()}#/package/sigstore`);
  await expect(status(page)).toHaveAttribute('data-source', 'bundled', SLOW);
  await expect(status(page)).toHaveAttribute('data-reason', 'initial-root-needed');
  await expect(status(page)).toContainText(
    `the TUF repository ${TUF}/valid is not signed by the public-good TUF root bundled with this app`,
  );
  await expect(status(page)).toContainText('give its initial root.json with ?tuf-root=<URL>');
  await expect(status(page)).toContainText('does not trust a root fetched from the repository itself');
  await waitForVerification(page, undefined, 60_000);
  await expect(versionRow(page, '1.0.0')).toHaveAttribute('data-verification', 'verified', SLOW);

  await page.goto(appWithTuf('/package/sigstore', 'valid'));
  await expect(status(page)).toHaveAttribute('data-source', 'tuf', SLOW);
  await expect(status(page)).toContainText(`starting from the initial root given in ${TUF}/root.json`);
});
