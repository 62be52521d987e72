// A registry whose attestations, keys or errors come without CORS headers: the browser
// refuses to let the page read them. The versions say exactly that, in one finding for
// the page; an attestation proxy (here the fixture registry's main, CORS-friendly
// address) fixes it; errors without CORS, or with an unreadable Retry-After, still end
// in a clear state.
import { expect, test } from '@playwright/test';
import { REGISTRY, versionRow, waitForVerification } from '../support/app';
import { hostile, pageUrl, recordRequests } from '../support/hostile';

// Each test loads the app and verifies in workers: on a machine shared with other
// work that takes a while, so the time limit is the slow one (no assertion is timed).
test.describe.configure({ timeout: 90_000 });

const CORS_REASON = 'the browser refused to let this page read them (CORS)';

test('attestations without CORS: the versions say so, in one finding for the whole page', async ({ page }) => {
  await page.goto(pageUrl('/package/sigstore', { registry: hostile('no-cors-attestations') }));
  await waitForVerification(page, 5);
  for (const version of ['1.0.0', '1.1.0', '1.2.0', '1.3.0']) {
    await expect(versionRow(page, version)).toHaveAttribute('data-verification', 'unavailable');
  }
  const findings = page.locator('[data-testid="finding"][data-kind="verification-unavailable"]');
  await expect(findings).toHaveCount(1);
  await expect(findings).toContainText(`4 versions claim attestations that could not be read: ${CORS_REASON}`);
  await expect(findings).toContainText('attestation proxy');
  await expect(page.getByText('The registry could not be reached')).toHaveCount(0);

  await page.goto(pageUrl('/package/sigstore/v/1.0.0', { registry: hostile('no-cors-attestations') }));
  await expect(page.locator('[data-testid="verification-step"][data-step="provenance-bundle"]')).toContainText(
    `${CORS_REASON}: ${REGISTRY} answered without an Access-Control-Allow-Origin header`,
  );
});

test('an attestation proxy is used for attestations and keys only, and the versions verify', async ({ page }) => {
  const requests = recordRequests(page);
  const registry = hostile('no-cors-attestations');
  await page.goto(pageUrl('/package/sigstore', { registry, 'attestation-proxy': REGISTRY }));
  await expect(page.getByTestId('attestation-proxy')).toContainText(`read through ${REGISTRY}`);
  await waitForVerification(page, 5);
  await expect(versionRow(page, '1.0.0')).toHaveAttribute('data-verification', 'verified');
  await expect(versionRow(page, '1.3.0')).toHaveAttribute('data-verification', 'verified');
  await expect(
    page.locator('[data-testid="finding"][data-kind="verification-unavailable"]').filter({ hasText: 'CORS' }),
  ).toHaveCount(0);
  // The packument from the registry; attestations and keys from the proxy, never the registry.
  expect(requests).toContain(`${registry}/sigstore`);
  expect(requests).toContain(`${REGISTRY}/-/npm/v1/attestations/sigstore@1.0.0`);
  expect(requests).toContain(`${REGISTRY}/-/npm/v1/keys`);
  expect(requests.filter((url) => url.startsWith(`${registry}/-/`))).toEqual([]);
});

test('the attestation proxy can be set in the Registry settings', async ({ page }) => {
  await page.goto(pageUrl('/package/sigstore', { registry: hostile('no-cors-attestations') }));
  await page.getByRole('button', { name: /^Registry/ }).click();
  await page.getByLabel('Attestation proxy (optional)').fill(`${REGISTRY}/`);
  // Saving a new proxy reloads the page: results read without it are not kept.
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Save' }).click()]);
  expect(await page.evaluate(() => localStorage.getItem('provenance-explorer.attestation-proxy'))).toBe(REGISTRY);
  await expect(page.getByTestId('attestation-proxy')).toContainText(`read through ${REGISTRY}`);
  await waitForVerification(page, 5);
  await expect(versionRow(page, '1.0.0')).toHaveAttribute('data-verification', 'verified');
});

test('an error answered without CORS headers is CORS, not a generic network error', async ({ page }) => {
  await page.goto(pageUrl('/package/derived-server-error', { registry: hostile('no-cors-errors') }));
  const error = page.getByTestId('error');
  await expect(error).toHaveAttribute('data-error-code', 'CORS');
  await expect(error).toContainText('The browser refused to read the registry’s answer');
  await expect(error).toContainText(`${REGISTRY} : it answered without CORS headers`.replace(' :', ':'));
  await expect(error.getByRole('button', { name: 'Try again' })).toBeVisible();
});

test('a 429 whose Retry-After is not readable waits the fallback, then says it could not read the wait', async ({
  page,
}) => {
  test.slow(); // Two fallback waits of 2 s before the error.
  const requests = recordRequests(page);
  const url = `${hostile('hidden-retry-after')}/derived-rate-limited`;
  await page.goto(pageUrl('/package/derived-rate-limited', { registry: hostile('hidden-retry-after') }));
  const error = page.getByTestId('error');
  await expect(error).toHaveAttribute('data-error-code', 'RATE_LIMITED', { timeout: 15_000 });
  await expect(error).toContainText('how long to wait is not readable from this page');
  await expect(error).not.toContainText('The registry asks to wait');
  expect(requests.filter((r) => r === url)).toHaveLength(3);
});
