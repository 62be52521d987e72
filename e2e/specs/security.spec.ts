// Registry metadata is untrusted input. A crafted packument is served in place of the
// fixture registry's answer (page.route also intercepts the registry worker's fetch in
// Chromium: the test checks the route was hit), and nothing in it may run, become a
// dangerous link, or send the app to another host.
import { expect, test, type Page } from '@playwright/test';
import {
  dangerousUrls,
  gotoPackage,
  gotoVersion,
  originFact,
  REGISTRY,
  versionRow,
  versionRows,
  waitForVerification,
} from '../support/app';

const NAME = 'evil-package';
const HTML_VERSION = '2.0.0-<img src=x onerror=alert(3)>';
const DESCRIPTION = 'Totally safe <img src=x onerror=alert(1)><script>alert(2)</script>';
const PUBLISHER = '<script>alert(4)</script>';
const DEPRECATED = '<img src=x onerror=alert(7)>';
const EVIL_HOST = 'evil.example';

function evilPackument() {
  return {
    _id: NAME,
    name: NAME,
    description: DESCRIPTION,
    'dist-tags': { latest: '1.0.0', '<b>next</b>': HTML_VERSION },
    repository: { type: 'git', url: 'javascript:alert(1)' },
    time: {
      created: '2024-01-01T00:00:00.000Z',
      modified: '2024-02-01T00:00:00.000Z',
      '1.0.0': '2024-01-01T00:00:00.000Z',
      [HTML_VERSION]: '2024-02-01T00:00:00.000Z',
    },
    versions: {
      '1.0.0': {
        name: NAME,
        version: '1.0.0',
        repository: { type: 'git', url: 'javascript:alert(1)//github.com/a/b' },
        gitHead: 'javascript:alert(1)',
        deprecated: DEPRECATED,
        _npmUser: { name: PUBLISHER, email: 'x@example.com' },
        dist: {
          tarball: 'data:text/html,<script>alert(5)</script>',
          integrity: 'sha512-AAAA',
          // Claimed attestations on another host: the app must ask its own registry.
          attestations: {
            url: `https://${EVIL_HOST}/-/npm/v1/attestations/${NAME}@1.0.0`,
            provenance: { predicateType: 'https://slsa.dev/provenance/v1' },
          },
        },
      },
      [HTML_VERSION]: {
        name: NAME,
        version: HTML_VERSION,
        repository: 'javascript:alert(1)',
        gitHead: '0123456789abcdef0123456789abcdef01234567',
        _npmUser: { name: 'mallory', email: 'm@example.com', trustedPublisher: { id: '<img src=x onerror=alert(9)>' } },
        dist: { tarball: ' javascript:alert(8)', integrity: 'sha512-BBBB' },
      },
    },
  };
}

const TUF_CDN_HOST = 'tuf-repo-cdn.sigstore.dev';

interface Watch {
  dialogs: string[];
  hits: () => number;
  foreignRequests: string[];
}

async function serveEvilPackument(page: Page): Promise<Watch> {
  const watch = { dialogs: [] as string[], foreignRequests: [] as string[] };
  let hits = 0;
  page.on('dialog', (dialog) => {
    watch.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('request', (request) => {
    const { hostname } = new URL(request.url());
    // Sigstore's TUF repository is the app's own source of trust (its default mirror, no
    // route to it in tests), not an address read from the crafted metadata.
    if (hostname !== '127.0.0.1' && hostname !== TUF_CDN_HOST) watch.foreignRequests.push(request.url());
  });
  await page.route(`${REGISTRY}/${NAME}`, async (route) => {
    hits += 1;
    await route.fulfill({
      status: 200,
      headers: { 'access-control-allow-origin': '*', 'content-type': 'application/json' },
      body: JSON.stringify(evilPackument()),
    });
  });
  return { ...watch, hits: () => hits };
}

/** Nothing the metadata carried became markup, ran, or reached another host. */
async function expectNothingExecuted(page: Page, watch: Watch): Promise<void> {
  expect(watch.dialogs).toEqual([]);
  expect(await dangerousUrls(page)).toEqual([]);
  await expect(page.locator('body img')).toHaveCount(0);
  await expect(page.locator('body script')).toHaveCount(0);
  await expect(page.locator('body b')).toHaveCount(0);
  expect(watch.foreignRequests).toEqual([]);
}

test('a crafted packument shows its HTML as text and yields no dangerous links', async ({ page }) => {
  const watch = await serveEvilPackument(page);
  await gotoPackage(page, NAME);
  await waitForVerification(page, 2);
  expect(watch.hits()).toBeGreaterThan(0);

  // The HTML is there, as text.
  await expect(page.getByText(DESCRIPTION, { exact: true })).toBeVisible();
  await expect(versionRow(page, '1.0.0').getByText(PUBLISHER, { exact: true })).toBeVisible();
  await expect(versionRow(page, HTML_VERSION).getByRole('link', { name: HTML_VERSION, exact: true })).toBeVisible();
  await expect(versionRow(page, HTML_VERSION).getByText('<b>next</b>', { exact: true })).toBeVisible();

  // Nothing verifies: the attestations were asked of the configured registry (404), not evil.example.
  await expect(versionRows(page)).toHaveCount(2);
  await expect(versionRow(page, '1.0.0')).toHaveAttribute('data-verification', 'unavailable');
  await expect(versionRow(page, '1.0.0')).toHaveAttribute('data-trust', 'none');
  await expect(versionRow(page, HTML_VERSION)).toHaveAttribute('data-verification', 'absent');
  await expect(versionRow(page, HTML_VERSION)).toHaveAttribute('data-trust', 'none');

  await expectNothingExecuted(page, watch);
});

test('the detail of a version with an HTML version string shows it as text', async ({ page }) => {
  const watch = await serveEvilPackument(page);
  await gotoPackage(page, NAME);
  await versionRow(page, HTML_VERSION).getByRole('link', { name: HTML_VERSION, exact: true }).click();

  const detail = page.getByTestId('version-detail');
  await expect(detail).toHaveAttribute('data-version', HTML_VERSION);
  await expect(detail).toHaveAttribute('data-verification', 'absent', { timeout: 20_000 });
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`${NAME}@${HTML_VERSION}`);
  // A trusted-publisher claim with HTML in its id, and a dist-tag with HTML, are text.
  await expect(originFact(page, 'Publisher').getByText('<img src=x onerror=alert(9)>', { exact: true })).toBeVisible();
  await expect(originFact(page, 'Dist-tags')).toHaveText('<b>next</b>');
  // The tarball " javascript:alert(8)" is never a link.
  await expect(originFact(page, 'Tarball').getByRole('link')).toHaveCount(0);

  await expectNothingExecuted(page, watch);
});

test('the detail of a version with javascript:/data: URLs and HTML in deprecated', async ({ page }) => {
  const watch = await serveEvilPackument(page);
  await gotoVersion(page, NAME, '1.0.0');
  const detail = page.getByTestId('version-detail');
  await expect(detail).toHaveAttribute('data-verification', 'unavailable', { timeout: 20_000 });
  await expect(originFact(page, 'Deprecated')).toHaveText(DEPRECATED);
  await expect(originFact(page, 'Publisher').getByText(PUBLISHER, { exact: true })).toBeVisible();
  // The data: tarball is never a link.
  await expect(originFact(page, 'Tarball').getByRole('link')).toHaveCount(0);
  // gitHead "javascript:alert(1)" is not a commit: no commit link is built from it.
  await expect(originFact(page, 'Commit').getByRole('link')).toHaveCount(0);
  await expect(page.locator('a[href*="/commit/"]')).toHaveCount(0);

  await expectNothingExecuted(page, watch);
});

test('a javascript: repository URL is shown as text, never turned into a link', async ({ page }) => {
  await serveEvilPackument(page);
  // "javascript:alert(1)" must not be read as an scp-like "host:path" git address
  // (it would become https://javascript/alert(1)).
  for (const version of ['1.0.0', HTML_VERSION]) {
    await gotoVersion(page, NAME, version);
    await expect(page.getByTestId('version-detail')).toHaveAttribute('data-version', version);
    await expect(originFact(page, 'Repository'), version).toBeVisible();
    await expect(originFact(page, 'Repository').getByRole('link'), version).toHaveCount(0);
    await expect(originFact(page, 'Commit').getByRole('link'), version).toHaveCount(0);
  }
  await gotoPackage(page, NAME);
  await expect(versionRows(page)).toHaveCount(2);
  await expect(page.locator('a[href^="https://javascript/"], a[href^="http://javascript/"]')).toHaveCount(0);
});
