// Long lists (components/virtual-rows.tsx): only the rows near the window are in the DOM,
// and scrolling to the end of the list brings its last row in, with every testing hook.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { REGISTRY, appUrl, gotoPackage, versionRows } from '../support/app';

/** Scrolls the page to its end (the list is the last thing on it). */
async function scrollToEnd(page: Page): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
}

/** The bottom edges of a row and of its list, in the page. */
async function bottoms(row: Locator): Promise<{ row: number; list: number }> {
  return row.evaluate((element) => ({
    row: element.getBoundingClientRect().bottom,
    list: (element.parentElement as HTMLElement).getBoundingClientRect().bottom,
  }));
}

test('3,000 versions: a few rows in the DOM, and the end of the list shows the oldest version with its hooks', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await gotoPackage(page, 'derived-large');
  await expect(page.getByRole('heading', { name: /^Versions/ })).toContainText('(3000 of 3000, newest first)', {
    timeout: 60_000,
  });
  // The rows come in a transition once the list's place is laid out: after the heading.
  await expect(versionRows(page).first()).toBeVisible();
  const rendered = await versionRows(page).count();
  expect(rendered).toBeGreaterThan(0);
  expect(rendered).toBeLessThan(60);

  await scrollToEnd(page);
  // The first published version (0.0.0, or 0.0.0-canary.0 when its template was a prerelease).
  const oldest = page.locator('[data-testid="version-row"][data-version^="0.0.0"]');
  await expect(oldest).toBeVisible();
  await expect(oldest).toHaveAttribute('data-trust', /^(staged|trusted-publisher|provenance|none)$/);
  await expect(oldest).toHaveAttribute('data-verification', /^(verified|failed|absent|unavailable|pending)$/);
  const version = await oldest.getAttribute('data-version');
  await expect(oldest.locator(`a[href="#/package/derived-large/v/${version}"]`)).toHaveCount(1);
  // Nothing was published before it: no comparison with a previous version.
  await expect(oldest.getByTestId('compare-previous')).toHaveCount(0);
  // It is the list's last row: its bottom is the list's bottom.
  const edges = await bottoms(oldest);
  expect(Math.abs(edges.row - edges.list)).toBeLessThan(1);
  expect(await versionRows(page).count()).toBeLessThan(60);
});

test('a 1,000-entry dependency review scrolls to its last row', async ({ page }) => {
  test.setTimeout(120_000);
  const response = await fetch(`${REGISTRY}/__review/large/package-lock.json`);
  expect(response.status).toBe(200);
  await page.goto(appUrl('/review'));
  await page
    .locator('input[type="file"][name="lockfile"]')
    .setInputFiles({ name: 'package-lock.json', mimeType: 'text/plain', buffer: Buffer.from(await response.text()) });
  await expect(page.getByTestId('lockfile-chosen')).toContainText('package-lock.json');
  await page.getByRole('button', { name: 'Review', exact: true }).click();
  const shown = page.getByTestId('rows-shown');
  await expect(shown).toHaveAttribute('data-shown', /^\d{4,}$/, { timeout: 60_000 });
  const total = Number(await shown.getAttribute('data-shown'));
  await page.locator('select[name="sort"]').selectOption('name');
  const rows = page.getByTestId('dependency-row');
  expect(await rows.count()).toBeLessThan(60);

  // The row whose bottom is the list's bottom is in view, and it is last by name.
  // The list renders the rows of a scroll position after the scroll event (and the sort
  // renders deferred), so the page is scrolled and read again until such a row is there.
  // Read in one evaluation of the page (a locator's evaluateAll resolves its elements
  // first: a row the list replaced in between would be detached by then).
  type Read = { name: string; bottom: number; list: number };
  let names: Read[] = [];
  await expect
    .poll(
      async () => {
        await scrollToEnd(page);
        names = await page.evaluate(() =>
          [...document.querySelectorAll<HTMLElement>('[data-testid="dependency-row"]')].map((element) => ({
            name: element.dataset.name ?? '',
            bottom: element.getBoundingClientRect().bottom,
            list: (element.parentElement as HTMLElement).getBoundingClientRect().bottom,
          })),
        );
        const end = names.find((row) => Math.abs(row.bottom - row.list) < 1);
        if (!end) return 'no row ends where the list ends';
        const after = names.find((row) => row.name > end.name);
        return after ? `${after.name} is drawn after the last row, ${end.name}` : 'last row by name';
      },
      { timeout: 15_000 },
    )
    .toBe('last row by name');
  const last = names.find((row) => Math.abs(row.bottom - row.list) < 1);
  const lastRow = page.locator(`[data-testid="dependency-row"][data-name="${last?.name}"]`).last();
  await expect(lastRow).toBeVisible();
  await expect(lastRow).toHaveAttribute('data-integrity', /^(match|mismatch|unknown)$/);
  await expect(lastRow.getByTestId('placement')).toHaveText(/^(direct|transitive)$/);
  await expect(lastRow.locator(`a[href="#/package/${last?.name}"]`)).toHaveCount(1);
  await expect(shown).toHaveAttribute('data-shown', String(total));
});
