// The settings forms save to this browser and what they saved survives a reload: the
// trusted root's TUF repository and initial root, and the attestation proxy (the
// registry's own form: registry-setting.spec.ts).
import { expect, test, type Page } from '@playwright/test';
import { REGISTRY, versionRow, waitForVerification } from '../support/app';
import { hostile, pageUrl } from '../support/hostile';

const TUF = `${REGISTRY}/tuf`;
const SLOW = { timeout: 45_000 };
test.describe.configure({ timeout: 120_000 });

function status(page: Page) {
  return page.getByTestId('trusted-root-status');
}

async function openTufSettings(page: Page) {
  await page.getByRole('button', { name: /^Trusted root/ }).click();
  await expect(page.getByTestId('tuf-settings')).toBeVisible();
}

test('the Trusted root form saves a TUF repository and its initial root; both survive reloads; reset removes them', async ({
  page,
  request,
}) => {
  const initialRoot = await (await request.get(`${TUF}/root.json`)).text();
  // ?tuf-timeout: a loopback repository on a busy machine can take more than the default 3 s.
  await page.goto(pageUrl('/package/sigstore', { registry: REGISTRY, 'tuf-timeout': '30' }));
  await expect(status(page)).toHaveAttribute('data-source', 'bundled', SLOW);

  await openTufSettings(page);
  await page.locator('input[name="tuf-mirror"]').fill(`${TUF}/valid/`);
  await page.locator('textarea[name="tuf-root"]').fill(initialRoot);
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Save and reload' }).click()]);
  await expect(status(page)).toHaveAttribute('data-source', 'tuf', SLOW);
  await expect(status(page)).toContainText(
    `from the TUF repository ${TUF}/valid, starting from the initial root given in the settings`,
  );
  await expect(page.getByRole('button', { name: 'Trusted root (custom)' })).toBeVisible();

  await page.reload();
  await expect(status(page)).toHaveAttribute('data-source', 'tuf', SLOW);
  await expect(status(page)).toContainText(`${TUF}/valid`);
  await waitForVerification(page, undefined, 60_000);
  await expect(versionRow(page, '1.0.0')).toHaveAttribute('data-verification', 'verified', SLOW);
  await openTufSettings(page);
  // Saved without the trailing slash; the root as given.
  await expect(page.locator('input[name="tuf-mirror"]')).toHaveValue(`${TUF}/valid`);
  await expect(page.locator('textarea[name="tuf-root"]')).toHaveValue(initialRoot.trim());

  // The same repository without its initial root: refused, pointing to the initial root.
  await page.locator('textarea[name="tuf-root"]').fill('');
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Save and reload' }).click()]);
  await expect(status(page)).toHaveAttribute('data-reason', 'initial-root-needed', SLOW);
  await expect(status(page)).toContainText('in the Trusted root settings');

  await openTufSettings(page);
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Reset to default' }).click()]);
  await expect(status(page)).toHaveAttribute('data-source', 'bundled', SLOW);
  await expect(status(page)).toHaveAttribute('data-reason', 'unreachable');
  expect(await page.evaluate(() => localStorage.getItem('provenance-explorer.tuf'))).toBeNull();
  await expect(page.getByRole('button', { name: 'Trusted root', exact: true })).toBeVisible();
});

test('the attestation proxy saved in the Registry form survives a reload and is shown in the form', async ({
  page,
}) => {
  await page.goto(pageUrl('/package/sigstore', { registry: hostile('no-cors-attestations') }));
  await page.getByRole('button', { name: /^Registry/ }).click();
  await page.getByLabel('Attestation proxy (optional)').fill(`${REGISTRY}/`);
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Save' }).click()]);
  await expect(page.getByTestId('attestation-proxy')).toContainText(`read through ${REGISTRY}`);

  await page.reload();
  await expect(page.getByTestId('attestation-proxy')).toContainText(`read through ${REGISTRY}`);
  await waitForVerification(page, 5, 60_000);
  await expect(versionRow(page, '1.0.0')).toHaveAttribute('data-verification', 'verified');
  await page.getByRole('button', { name: /^Registry/ }).click();
  await expect(page.getByLabel('Attestation proxy (optional)')).toHaveValue(REGISTRY);
});
