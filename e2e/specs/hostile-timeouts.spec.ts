// A registry that sends headers and part of a body, then stalls: every request ends
// (idle timeout, here ?timeout=2 so the test waits on state, not on a clock), the
// package screen offers a retry, a slow load can be cancelled, and a stalled
// attestations request ends its version "unavailable" with the reason.
import { expect, test } from '@playwright/test';
import { versionRow, waitForVerification } from '../support/app';
import { hostile, pageUrl, recordRequests } from '../support/hostile';

// Each test loads the app and verifies in workers: on a machine shared with other
// work that takes a while, so the time limit is the slow one (no assertion is timed).
test.describe.configure({ timeout: 90_000 });

test('a packument that stalls ends in TIMEOUT with a retry button, and retrying asks again', async ({ page }) => {
  const requests = recordRequests(page);
  const packument = `${hostile('stall')}/sigstore`;
  await page.goto(pageUrl('/package/sigstore', { registry: hostile('stall'), timeout: '2' }));
  // (The loading state and its Cancel control are tested below: with a 2 s idle timeout
  // they may be gone before a loaded machine gets to look at them.)
  const error = page.getByTestId('error');
  await expect(error).toHaveAttribute('data-error-code', 'TIMEOUT');
  await expect(error).toContainText('The registry stopped answering');
  await expect(error).toContainText(
    /Nothing arrived from the server for 2 s, so the request was stopped \(\d+ bytes of the body had arrived\)\./,
  );
  await expect(error).toContainText(packument);
  expect(requests.filter((url) => url === packument)).toHaveLength(1);
  await error.getByRole('button', { name: 'Try again' }).click();
  await expect.poll(() => requests.filter((url) => url === packument).length).toBe(2);
  await expect(page.getByTestId('error')).toHaveAttribute('data-error-code', 'TIMEOUT');
});

test('Cancel stops a slow package load at once, and Try again starts it again', async ({ page }) => {
  const requests = recordRequests(page);
  const packument = `${hostile('stall')}/sigstore`;
  // A long timeout: only the Cancel button can end this load within the test.
  await page.goto(pageUrl('/package/sigstore', { registry: hostile('stall'), timeout: '600' }));
  await page.getByTestId('cancel-loading').click();
  const error = page.getByTestId('error');
  await expect(error).toHaveAttribute('data-error-code', 'ABORTED');
  await expect(error).toContainText('Loading sigstore was cancelled.');
  await error.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByTestId('cancel-loading')).toBeVisible();
  await expect.poll(() => requests.filter((url) => url === packument).length).toBe(2);
});

test('stalled attestations end their versions "unavailable" with the reason, never "Verifying"', async ({ page }) => {
  await page.goto(pageUrl('/package/sigstore', { registry: hostile('stall-attestations'), timeout: '2' }));
  await waitForVerification(page, 5);
  for (const version of ['1.0.0', '1.1.0', '1.2.0', '1.3.0']) {
    await expect(versionRow(page, version)).toHaveAttribute('data-verification', 'unavailable');
  }
  // 1.3.1 claims no attestations: nothing to wait for.
  await expect(versionRow(page, '1.3.1')).toHaveAttribute('data-verification', 'absent');

  await page.goto(pageUrl('/package/sigstore/v/1.0.0', { registry: hostile('stall-attestations'), timeout: '2' }));
  const detail = page.getByTestId('version-detail');
  await expect(detail).toHaveAttribute('data-verification', 'unavailable');
  const step = page.locator('[data-testid="verification-step"][data-step="provenance-bundle"]');
  await expect(step).toHaveAttribute('data-code', 'ATTESTATIONS_UNAVAILABLE');
  await expect(step).toContainText('the request timed out: Nothing arrived from the server for 2 s');
});

test('Cancel on the audit screen stops a slow package load at once, and Try again starts it again', async ({
  page,
}) => {
  const requests = recordRequests(page);
  const packument = `${hostile('stall')}/sigstore`;
  // A long timeout: only the Cancel button can end this load within the test.
  await page.goto(pageUrl('/package/sigstore/v/1.0.0/audit', { registry: hostile('stall'), timeout: '600' }));
  await expect(page.getByTestId('loading')).toContainText('Loading sigstore from the registry…');
  await page.getByTestId('cancel-loading').click();
  const error = page.getByTestId('error');
  await expect(error).toHaveAttribute('data-error-code', 'ABORTED');
  await expect(error).toContainText('Loading sigstore was cancelled.');
  await expect(page.getByTestId('loading')).toHaveCount(0);
  await error.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByTestId('cancel-loading')).toBeVisible();
  await expect.poll(() => requests.filter((url) => url === packument).length).toBe(2);
});
