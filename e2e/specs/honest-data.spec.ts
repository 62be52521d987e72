// Honest levels and data hygiene against the fixture registry's DERIVED cases
// (e2e/fixture-registry/derived-metadata.ts) and tuf-js@1.0.0, whose signatures are
// recorded real data (e2e/fixture-registry/recorded/README.md).
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import {
  appUrl,
  gotoPackage,
  gotoVersion,
  originFact,
  REGISTRY,
  TAMPERED_REGISTRY,
  versionRow,
  waitForVerification,
} from '../support/app';

const RLO = '\u202E';

// The machine these run on is shared: give each test room (no assertion depends on time).
test.describe.configure({ timeout: 120_000 });

async function stepCodes(page: Page): Promise<string[]> {
  return page.getByTestId('verification-step').evaluateAll((els) =>
    els.map((el) => {
      const d = (el as HTMLElement).dataset;
      return `${d.step} ${d.outcome} ${d.code} ${d.keyOrigin ?? '-'}`;
    }),
  );
}

test.describe('honest levels', () => {
  test('derived: an approver claim with no attestation and no signature is not staged, and is marked claimed', async ({
    page,
  }) => {
    await gotoPackage(page, 'derived-approver-claim');
    await waitForVerification(page, 2);
    const claimed = versionRow(page, '1.1.0');
    await expect(claimed).toHaveAttribute('data-trust', 'none');
    await expect(claimed).toHaveAttribute('data-trust-claim', 'staged');
    await expect(claimed.getByTestId('trust-claim')).toHaveText('Staged publish (claimed)');
    await expect(versionRow(page, '1.0.0')).not.toHaveAttribute('data-trust-claim', /.*/);
    await expect(page.locator('[data-testid="version-row"][data-trust="staged"]')).toHaveCount(0);

    await gotoVersion(page, 'derived-approver-claim', '1.1.0');
    const detail = page.getByTestId('version-detail');
    await expect(detail).toHaveAttribute('data-verification', 'absent', { timeout: 20_000 });
    await expect(detail).toHaveAttribute('data-trust', 'none');
    await expect(detail).toHaveAttribute('data-trust-claim', 'staged');
    await expect(detail.getByTestId('trust-claim')).toBeVisible();
  });

  test('recorded: tuf-js@1.0.0 passes all four steps on real data, with keys from the TUF repository', async ({
    page,
  }) => {
    await gotoVersion(page, 'tuf-js', '1.0.0');
    const detail = page.getByTestId('version-detail');
    await expect(detail).toHaveAttribute('data-verification', 'verified', { timeout: 20_000 });
    await expect(detail).toHaveAttribute('data-trust', 'provenance');
    expect(await stepCodes(page)).toEqual([
      'provenance-bundle pass OK -',
      'publish-attestation pass OK tuf',
      'subject-binding pass OK -',
      'registry-signature pass OK tuf',
    ]);
    await expect(page.getByTestId('registry-only-key')).toHaveCount(0);
  });

  test('derived: signatures by a key only the registry serves pass, marked registry-only; a bad one fails', async ({
    page,
  }) => {
    await gotoPackage(page, 'derived-registry-signed');
    await waitForVerification(page, 3);
    await expect(versionRow(page, '1.0.0')).toHaveAttribute('data-verification', 'absent');
    await expect(versionRow(page, '1.2.0')).toHaveAttribute('data-verification', 'failed');

    await gotoVersion(page, 'derived-registry-signed', '1.0.0');
    await expect(page.getByTestId('version-detail')).toHaveAttribute('data-verification', 'absent', {
      timeout: 20_000,
    });
    const signature = page.locator('[data-testid="verification-step"][data-step="registry-signature"]');
    await expect(signature).toHaveAttribute('data-outcome', 'pass');
    await expect(signature).toHaveAttribute('data-key-origin', 'registry');
    await expect(signature.getByTestId('registry-only-key')).toBeVisible();
    await expect(signature).toContainText('a key only the registry itself vouches for');

    await gotoVersion(page, 'derived-registry-signed', '1.2.0');
    await expect(page.getByTestId('version-detail')).toHaveAttribute('data-verification', 'failed', {
      timeout: 20_000,
    });
    await expect(signature).toHaveAttribute('data-code', 'REGISTRY_SIGNATURE_INVALID');
  });
});

test('derived: on /tampered, "built on GitHub Actions" read from a certificate that failed is marked not proven', async ({
  page,
}) => {
  await gotoVersion(page, 'tuf-js', '1.0.0', TAMPERED_REGISTRY);
  await expect(page.getByTestId('version-detail')).toHaveAttribute('data-verification', 'failed', { timeout: 20_000 });
  await expect(originFact(page, 'Publisher')).toContainText('built on GitHub Actions(not proven)');
  await expect(originFact(page, 'Repository')).toContainText('(not verified): not proven');
  await gotoVersion(page, 'tuf-js', '1.0.0');
  await expect(page.getByTestId('version-detail')).toHaveAttribute('data-verification', 'verified', {
    timeout: 20_000,
  });
  await expect(originFact(page, 'Publisher')).toContainText('built on GitHub Actions');
  await expect(originFact(page, 'Publisher')).not.toContainText('not proven');
});

test.describe('derived hostile metadata', () => {
  test.beforeEach(async ({ page }) => {
    await gotoPackage(page, 'derived-hostile-metadata');
    await waitForVerification(page, 4);
  });

  test('derived: bidi and control characters are shown as escapes in the description, versions, tags and publisher', async ({
    page,
  }) => {
    await expect(page.getByTestId('package-description')).toHaveText(
      'safe\\u202egnp.exe (derived: a description with a right-to-left override)',
    );
    const bidiRow = versionRow(page, `1.0.1-${RLO}gnp`);
    await expect(bidiRow).toContainText('1.0.1-\\u202egnp');
    await expect(bidiRow).toContainText('mallory\\u202enimda\\u0007');
    await expect(bidiRow).toContainText('next\\u202e');
    // No U+202E (or BEL) reaches the visible text of the page anywhere.
    const visible = await page.locator('body').innerText();
    expect(visible).not.toContain(RLO);
    expect(visible).not.toContain('\u0007');
  });

  test('derived: a dist-tag named __proto__ shows on the page and in the JSON export', async ({ page }) => {
    await expect(versionRow(page, '1.0.0')).toContainText('__proto__');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
    const doc = JSON.parse(await readFile(await download.path(), 'utf8')) as {
      package: { distTags: Record<string, string> };
      versions: { version: string; record: { distTags: string[] } }[];
    };
    expect(Object.hasOwn(doc.package.distTags, '__proto__')).toBe(true);
    expect(doc.package.distTags['__proto__']).toBe('1.0.0');
    expect(doc.versions.find((v) => v.version === '1.0.0')?.record.distTags).toEqual(['__proto__']);
  });

  test('derived: the time "1" is rejected: the version has no time and says so', async ({ page }) => {
    await expect(versionRow(page, '1.0.2').getByTestId('invalid-time')).toHaveText('no valid time');
    await expect(versionRow(page, '1.0.2')).not.toContainText('2001');
    await gotoVersion(page, 'derived-hostile-metadata', '1.0.2');
    await expect(originFact(page, 'Published')).toContainText('is not an ISO 8601 date-time');
    await expect(originFact(page, 'Published')).not.toContainText('2001');
  });

  test("derived: the audit view links the attestations URL the app fetched, not the packument's", async ({ page }) => {
    await page.goto(appUrl('/package/derived-hostile-metadata/v/1.0.3/audit'));
    const link = page.locator('a[data-testid="audit-link"][data-kind="attestation"]');
    await expect(link).toHaveAttribute('href', `${REGISTRY}/-/npm/v1/attestations/derived-hostile-metadata@1.0.3`);
    await expect(page.locator('a[href*="evil.example"]')).toHaveCount(0);
  });
});

test('derived: a 100 KB version string is cut, with the full value available, and does not stretch the page', async ({
  page,
}) => {
  await gotoPackage(page, 'derived-long-version');
  await waitForVerification(page, 2);
  const size = await page.evaluate(() => ({
    width: document.documentElement.scrollWidth,
    height: document.documentElement.scrollHeight,
    viewport: window.innerWidth,
  }));
  expect(size.width).toBeLessThanOrEqual(size.viewport);
  expect(size.height).toBeLessThan(5000);
  const latest = page.getByTestId('latest-version').getByTestId('truncated-text');
  await expect(latest).toHaveAttribute('data-length', '100006');
  expect((await latest.getAttribute('title'))?.length).toBe(100_006);
  // The summary cards keep their place: the latest-version card is no taller than a few lines.
  const box = await page.getByTestId('latest-version').boundingBox();
  expect(box?.height ?? Infinity).toBeLessThan(100);
});

test.describe('#/verify input limits', () => {
  test.beforeEach(async ({ page }) => {
    await page.goto(appUrl('/verify'));
    await expect(page.getByTestId('verify-bundle-page')).toBeVisible();
  });

  test('derived: dropping a 1.4 MB binary anywhere gives an immediate error and loads nothing', async ({ page }) => {
    const dataTransfer = await page.evaluateHandle(() => {
      const bytes = new Uint8Array(1_400_000);
      bytes.set([0x1f, 0x8b, 0x08, 0x00]);
      for (let i = 4; i < bytes.length; i++) bytes[i] = (i * 131) % 251;
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], 'derived-package-1.0.0.tgz', { type: 'application/gzip' }));
      return transfer;
    });
    await page.getByTestId('verify-bundle-page').dispatchEvent('drop', { dataTransfer });
    await expect(page.getByTestId('field-error')).toContainText('derived-package-1.0.0.tgz was not loaded');
    await expect(page.getByTestId('field-error')).toContainText('gzip');
    await expect(page.locator('textarea[name="bundle"]')).toHaveValue('');
  });

  test('derived: pasting a 3 MiB trusted root gives an immediate error and inserts nothing', async ({ page }) => {
    await page.getByText('Advanced: trusted root and keys').click();
    const field = page.locator('textarea[name="trusted-root"]');
    await field.focus();
    await field.evaluate((element) => {
      const transfer = new DataTransfer();
      transfer.setData('text/plain', `{"mediaType":"${'x'.repeat(3 * 1024 * 1024)}"}`);
      element.dispatchEvent(
        new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }),
      );
    });
    await expect(page.getByTestId('field-error')).toContainText(
      'The pasted text is 3.0 MiB: larger than the 2.0 MiB a trusted root may be',
    );
    await expect(field).toHaveValue('');
  });
});
