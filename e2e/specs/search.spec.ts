import { expect, test, type Page } from '@playwright/test';
import { appUrl, versionRow, versionRows } from '../support/app';

function searchInput(page: Page) {
  return page.locator('input[name="package"]');
}

async function search(page: Page, name: string): Promise<void> {
  await searchInput(page).fill(name);
  await page.getByRole('button', { name: 'Explore' }).click();
}

test.describe('search', () => {
  test.beforeEach(async ({ page }) => {
    await page.goto(appUrl('/'));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Where did each version come from?');
  });

  test('a name navigates to its timeline and shows its rows', async ({ page }) => {
    await search(page, 'sigstore');
    await expect(page).toHaveURL(/#\/package\/sigstore$/);
    await expect(page.getByTestId('package-page')).toHaveAttribute('data-package', 'sigstore');
    await expect(versionRows(page)).toHaveCount(5);
    // The header's search box now holds the current name.
    await expect(searchInput(page)).toHaveValue('sigstore');
  });

  test('the name is trimmed before navigating', async ({ page }) => {
    await search(page, '  tuf-js  ');
    await expect(page).toHaveURL(/#\/package\/tuf-js$/);
    await expect(versionRow(page, '1.0.0')).toBeVisible();
  });

  test('a scoped name navigates with the scope as it is', async ({ page }) => {
    await search(page, '@playwright/cli');
    await expect(page).toHaveURL(/#\/package\/@playwright\/cli$/);
    await expect(page.getByTestId('package-page')).toHaveAttribute('data-package', '@playwright/cli');
    await expect(versionRow(page, '0.1.1')).toBeVisible();
  });

  test('invalid names show their problems and do not navigate', async ({ page }) => {
    const cases: [input: string, problem: RegExp][] = [
      ['Not Valid!', /URL-friendly characters/],
      ['../etc', /cannot start with a period/],
      ['', /length must be greater than zero/],
      ['   ', /length must be greater than zero/],
    ];
    const before = page.url();
    for (const [input, problem] of cases) {
      await search(page, input);
      const problems = page.getByTestId('name-problems');
      await expect(problems, `problems for ${JSON.stringify(input)}`).toContainText(problem);
      await expect(searchInput(page)).toHaveAttribute('aria-invalid', 'true');
      await expect(searchInput(page)).toHaveAttribute(
        'aria-describedby',
        (await problems.getAttribute('id')) ?? 'missing',
      );
      expect(page.url()).toBe(before);
      await expect(page.getByTestId('package-page')).toHaveCount(0);
      await expect(page.getByTestId('error')).toHaveCount(0);
    }

    // Correcting the name clears the problems and navigates.
    await search(page, 'tuf-js');
    await expect(page).toHaveURL(/#\/package\/tuf-js$/);
    await expect(page.getByTestId('name-problems')).toHaveCount(0);
  });

  test('the back button returns to the previous route', async ({ page }) => {
    await search(page, 'sigstore');
    await expect(versionRows(page)).toHaveCount(5);

    await search(page, 'tuf-js');
    await expect(page).toHaveURL(/#\/package\/tuf-js$/);
    await expect(page.getByTestId('package-page')).toHaveAttribute('data-package', 'tuf-js');

    await page.goBack();
    await expect(page).toHaveURL(/#\/package\/sigstore$/);
    await expect(page.getByTestId('package-page')).toHaveAttribute('data-package', 'sigstore');
    await expect(searchInput(page)).toHaveValue('sigstore');

    await page.goBack();
    await expect(page).toHaveURL(/#\/$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Where did each version come from?');

    await page.goForward();
    await expect(page.getByTestId('package-page')).toHaveAttribute('data-package', 'sigstore');
  });

  test('a version link on the timeline opens its detail, and back returns to the timeline', async ({ page }) => {
    await search(page, 'sigstore');
    await versionRow(page, '1.3.0').getByRole('link', { name: '1.3.0', exact: true }).click();
    await expect(page).toHaveURL(/#\/package\/sigstore\/v\/1\.3\.0$/);
    await expect(page.getByTestId('version-detail')).toHaveAttribute('data-version', '1.3.0');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('sigstore@1.3.0');

    await page.goBack();
    await expect(page).toHaveURL(/#\/package\/sigstore$/);
    await expect(versionRows(page)).toHaveCount(5);
  });

  test('the example links on the home page are package routes', async ({ page }) => {
    const examples = page.getByRole('main').getByRole('link');
    await expect(examples).toHaveText(['vue', 'vite', 'create-next-app', '@nuxt/kit', 'sigstore']);
    await expect(page.getByRole('link', { name: '@nuxt/kit' })).toHaveAttribute('href', '#/package/@nuxt/kit');
    await page.getByRole('link', { name: 'sigstore', exact: true }).click();
    await expect(page.getByTestId('package-page')).toHaveAttribute('data-package', 'sigstore');
  });
});

test('a package address with a version opens the detail page directly', async ({ page }) => {
  await page.goto(appUrl('/package/sigstore/v/1.0.0'));
  const detail = page.getByTestId('version-detail');
  await expect(detail).toHaveAttribute('data-version', '1.0.0');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('sigstore@1.0.0');
  await expect(detail).toHaveAttribute('data-verification', 'verified');
  // The breadcrumb leads back to the timeline.
  await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'sigstore' }).click();
  await expect(page).toHaveURL(/#\/package\/sigstore$/);
  await expect(versionRows(page)).toHaveCount(5);
});

test('a scoped package address with a version opens the detail page directly', async ({ page }) => {
  await page.goto(appUrl('/package/@playwright/cli/v/0.1.1'));
  await expect(page.getByTestId('version-detail')).toHaveAttribute('data-version', '0.1.1');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('@playwright/cli@0.1.1');
});
