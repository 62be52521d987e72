// An unusable registry address stops with an error and sends nothing anywhere: never a
// silent fallback to the public registry (which would learn the package name). A query
// string is refused, with the reason.
import { expect, test } from '@playwright/test';
import { REGISTRY, appUrl } from '../support/app';
import { recordRequests } from '../support/hostile';

// Each test loads the app and verifies in workers: on a machine shared with other
// work that takes a while, so the time limit is the slow one (no assertion is timed).
test.describe.configure({ timeout: 90_000 });

const PORT = new URL(REGISTRY).port;

for (const [label, address, message] of [
  ['credentials', `http://user:pass@127.0.0.1:${PORT}`, 'A registry address must not carry a user name or password.'],
  ['garbage', 'not a registry', '"not a registry" is not a URL.'],
  ['another scheme', 'javascript:alert(1)', 'A registry address must start with https:// or http://'],
  [
    'a query string',
    `${REGISTRY}/?token=abc`,
    'A registry address must not carry a query string (?token=abc): the app adds package paths to the address',
  ],
] as const) {
  test(`a ?registry= with ${label} stops with INVALID_REGISTRY_URL and reads no registry`, async ({ page }) => {
    const requests = recordRequests(page);
    await page.goto(appUrl('/package/sigstore', address));
    const error = page.getByTestId('error');
    await expect(error).toHaveAttribute('data-error-code', 'INVALID_REGISTRY_URL');
    await expect(error).toContainText('The registry address is not valid');
    await expect(error).toContainText(message);
    await expect(error.getByRole('button', { name: 'Try again' })).toHaveCount(0);
    const banner = page.getByTestId('registry-banner');
    await expect(banner.getByTestId('registry-problem')).toContainText(
      'The ?registry= address is not usable, so nothing is loaded',
    );
    await expect(banner).not.toContainText('Reading from');
    // Nothing went to the fixture registry, nor to the public one.
    const appOrigin = new URL(page.url()).origin;
    expect(requests.filter((url) => !url.startsWith(appOrigin))).toEqual([]);
    // The user can choose the public registry explicitly.
    await banner.getByRole('button', { name: 'Use the public registry' }).click();
    expect(new URL(page.url()).searchParams.has('registry')).toBe(false);
  });
}

test('the settings refuse an address with a query string, saying why', async ({ page }) => {
  await page.goto(appUrl('/', null));
  await page.getByRole('button', { name: 'Registry', exact: true }).click();
  await page.getByLabel('Registry base URL').fill(`${REGISTRY}/?token=abc`);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('alert')).toContainText('must not carry a query string (?token=abc)');
  await expect(page.getByTestId('registry-banner')).toHaveCount(0);
});
