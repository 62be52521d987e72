// A basic automated accessibility check with axe-core: no serious or critical
// violations on the main screens, once they have settled.
import { expect, test } from '@playwright/test';
import { seriousViolations } from '../support/axe';
import { appUrl, gotoPackage, gotoVersion, waitForVerification } from '../support/app';

test('the home page has no serious or critical violations', async ({ page }) => {
  await page.goto(appUrl('/', null));
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});

test('the home page with invalid-name problems has no serious or critical violations', async ({ page }) => {
  await page.goto(appUrl('/', null));
  await page.locator('input[name="package"]').fill('Not Valid!');
  await page.getByRole('button', { name: 'Explore' }).click();
  await expect(page.getByTestId('name-problems')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});

test('the sigstore package page has no serious or critical violations', async ({ page }) => {
  await gotoPackage(page, 'sigstore');
  await waitForVerification(page, 5);
  expect(await seriousViolations(page)).toEqual([]);
});

test('a version detail page has no serious or critical violations', async ({ page }) => {
  await gotoVersion(page, '@playwright/cli', '0.1.1');
  await expect(page.getByTestId('version-detail')).toHaveAttribute('data-verification', 'verified', {
    timeout: 20_000,
  });
  await expect(page.getByTestId('download-attestation')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});
