import { expect, test, type Page } from '@playwright/test';
import { appUrl, DEFAULT_REGISTRY, readRows, REGISTRY, TAMPERED_REGISTRY, waitForVerification } from '../support/app';

const STORAGE_KEY = 'provenance-explorer.registry';

function settingsButton(page: Page) {
  return page.getByRole('button', { name: /^Registry( \(custom\))?$/ });
}

function registryInput(page: Page) {
  return page.locator('input[name="registry"]');
}

async function openSettings(page: Page) {
  await settingsButton(page).click();
  await expect(settingsButton(page)).toHaveAttribute('aria-expanded', 'true');
  await expect(registryInput(page)).toBeVisible();
}

async function saved(page: Page): Promise<string | null> {
  return page.evaluate((key) => window.localStorage.getItem(key), STORAGE_KEY);
}

test('the settings open with the focus in their first field; Escape closes them unsaved, the focus back on the button', async ({
  page,
}) => {
  await page.goto(appUrl('/', null));
  await openSettings(page);
  await expect(registryInput(page)).toBeFocused();
  await registryInput(page).fill('not a url');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('alert')).toBeVisible();

  await page.keyboard.press('Escape');
  await expect(registryInput(page)).toHaveCount(0);
  await expect(settingsButton(page)).toHaveAttribute('aria-expanded', 'false');
  await expect(settingsButton(page)).toBeFocused();
  expect(await saved(page)).toBeNull();

  // Open again: the saved value, not the edit, and not the edit's error.
  await openSettings(page);
  await expect(registryInput(page)).toHaveValue(DEFAULT_REGISTRY);
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('saving a registry persists across reloads and is used; reset removes it', async ({ page }) => {
  await page.goto(appUrl('/', null));
  await expect(page.getByTestId('registry-banner')).toHaveCount(0);

  await openSettings(page);
  await expect(registryInput(page)).toHaveValue(DEFAULT_REGISTRY);
  await registryInput(page).fill(`${REGISTRY}/`);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(registryInput(page)).toHaveCount(0);

  const banner = page.getByTestId('registry-banner');
  await expect(banner).toContainText(`Reading from ${REGISTRY}, not the public npm registry`);
  await expect(banner).toContainText('as saved in this browser');
  // The trailing slash is dropped before saving.
  expect(await saved(page)).toBe(REGISTRY);

  await page.reload();
  await expect(banner).toContainText(`Reading from ${REGISTRY}`);
  await expect(banner).toContainText('as saved in this browser');
  await expect(settingsButton(page)).toHaveText('Registry (custom)');
  expect(page.url()).not.toContain('registry=');

  // The saved registry is the one read: the fixture's sigstore verifies.
  await page.goto('/#/package/sigstore');
  await waitForVerification(page, 5);
  expect((await readRows(page)).filter((r) => r.verification === 'verified').map((r) => r.version)).toEqual([
    '1.3.0',
    '1.0.0',
  ]);

  // Back home before resetting: a package page would then ask the public registry.
  await page.goto('/#/');
  await openSettings(page);
  await expect(registryInput(page)).toHaveValue(REGISTRY);
  await page.getByRole('button', { name: 'Reset to default' }).click();
  await expect(banner).toHaveCount(0);
  await expect(settingsButton(page)).toHaveText('Registry');
  expect(await saved(page)).toBeNull();

  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Where did each version come from?');
  await expect(banner).toHaveCount(0);
});

test('the banner offers to go back to the public registry', async ({ page }) => {
  await page.addInitScript(
    ([key, value]) => {
      if (!sessionStorage.getItem('seeded')) {
        localStorage.setItem(key, value);
        sessionStorage.setItem('seeded', '1');
      }
    },
    [STORAGE_KEY, REGISTRY] as const,
  );
  await page.goto(appUrl('/', null));
  const banner = page.getByTestId('registry-banner');
  await expect(banner).toContainText('as saved in this browser');
  await banner.getByRole('button', { name: 'Use the public registry' }).click();
  await expect(banner).toHaveCount(0);
  expect(await saved(page)).toBeNull();
});

test('a ?registry= in the address wins over the saved one and is rewritten on save', async ({ page }) => {
  await page.goto(appUrl('/package/tuf-js', TAMPERED_REGISTRY));
  await waitForVerification(page, 1);
  expect(await readRows(page)).toEqual([{ version: '1.0.0', trust: 'none', verification: 'failed' }]);

  await openSettings(page);
  await expect(registryInput(page)).toHaveValue(TAMPERED_REGISTRY);
  await registryInput(page).fill(REGISTRY);
  await page.getByRole('button', { name: 'Save' }).click();

  // The page address now carries the new registry (it would override the saved one)
  // and the route is kept; the package is read again from there.
  await expect.poll(() => new URL(page.url()).searchParams.get('registry')).toBe(REGISTRY);
  expect(new URL(page.url()).hash).toBe('#/package/tuf-js');
  await expect(page.getByTestId('version-row')).toHaveAttribute('data-verification', 'verified', { timeout: 20_000 });
  await expect(page.getByTestId('registry-banner')).toContainText(`Reading from ${REGISTRY},`);
  expect(await saved(page)).toBe(REGISTRY);
});

test('an address that is not http(s) is refused with an error, and nothing is saved', async ({ page }) => {
  await page.goto(appUrl('/', null));
  await openSettings(page);
  for (const [input, message] of [
    ['javascript:alert(1)', 'A registry address must start with https:// or http://'],
    ['ftp://example.com/', 'this one is a ftp: address'],
    ['https://user:secret@example.com/', 'must not carry a user name or password'],
  ] as const) {
    await registryInput(page).fill(input);
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('alert'), input).toContainText(message);
    await expect(registryInput(page)).toBeVisible();
  }
  expect(await saved(page)).toBeNull();
  await expect(page.getByTestId('registry-banner')).toHaveCount(0);
});

test('a value that is not a URL at all cannot be saved', async ({ page }) => {
  await page.goto(appUrl('/', null));
  await openSettings(page);
  await registryInput(page).fill('not a url');
  await page.getByRole('button', { name: 'Save' }).click();
  // The form stays open and the input reports itself invalid (the browser's own
  // type="url" check stops the submit before the app's check runs).
  await expect(registryInput(page)).toBeVisible();
  expect(await registryInput(page).evaluate((el: HTMLInputElement) => el.validity.valid)).toBe(false);
  expect(await saved(page)).toBeNull();
  await expect(page.getByTestId('registry-banner')).toHaveCount(0);
});
