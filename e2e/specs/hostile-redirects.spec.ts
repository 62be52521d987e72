// Redirects are followed only within the registry's origin: a packument or an
// attestations answer that redirects to another origin (here the same server under
// "localhost" instead of 127.0.0.1, which a browser counts as another origin) is refused.
import { expect, test } from '@playwright/test';
import { REGISTRY, versionRow, waitForVerification } from '../support/app';
import { OTHER_ORIGIN, hostile, pageUrl } from '../support/hostile';

// Each test loads the app and verifies in workers: on a machine shared with other
// work that takes a while, so the time limit is the slow one (no assertion is timed).
test.describe.configure({ timeout: 90_000 });

test('a packument redirected to another origin is refused with CROSS_ORIGIN_REDIRECT', async ({ page }) => {
  await page.goto(pageUrl('/package/sigstore', { registry: hostile('redirect-away') }));
  const error = page.getByTestId('error');
  await expect(error).toHaveAttribute('data-error-code', 'CROSS_ORIGIN_REDIRECT');
  await expect(error).toContainText('The registry redirected to another site');
  await expect(error).toContainText(
    `The registry redirected this request to another origin (${OTHER_ORIGIN}); only redirects within ${REGISTRY} are followed, so its answer was not used.`,
  );
  await expect(page.getByTestId('package-page')).toHaveCount(0);
});

test('attestations redirected to another origin leave their versions unavailable, saying why', async ({ page }) => {
  await page.goto(pageUrl('/package/sigstore', { registry: hostile('redirect-attestations-away') }));
  await waitForVerification(page, 5);
  await expect(versionRow(page, '1.0.0')).toHaveAttribute('data-verification', 'unavailable');
  await expect(versionRow(page, '1.3.0')).toHaveAttribute('data-verification', 'unavailable');
  await page.goto(pageUrl('/package/sigstore/v/1.3.0', { registry: hostile('redirect-attestations-away') }));
  await expect(page.getByTestId('version-detail')).toHaveAttribute('data-verification', 'unavailable');
  await expect(page.locator('[data-testid="verification-step"][data-step="provenance-bundle"]')).toContainText(
    `redirected this request to another origin (${OTHER_ORIGIN})`,
  );
});

test('a redirect within the registry origin is followed', async ({ page }) => {
  await page.goto(pageUrl('/package/sigstore', { registry: hostile('redirect-within') }));
  await expect(page.getByTestId('package-page')).toHaveAttribute('data-package', 'sigstore', { timeout: 30_000 });
  await waitForVerification(page, 5);
  await expect(versionRow(page, '1.0.0')).toHaveAttribute('data-verification', 'verified');
});
