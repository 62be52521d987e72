// Moving between the screens of one package: its analysis is made once and carried
// over (lib/package-data/use-package-analysis.ts), so a version's page and the way back
// to the timeline never show "Analysing…" again.
import { expect, test } from '@playwright/test';
import { gotoPackage, readRows, versionRow, versionRows, waitForVerification } from '../support/app';

test('package → version → back: the analysis is shown at once, not made again', async ({ page }) => {
  await gotoPackage(page, 'sigstore');
  await waitForVerification(page, 5);
  const rows = await readRows(page);
  expect(rows).toHaveLength(5);

  // From here on, every loading block the page shows is recorded (a mutation observer
  // sees each one that stays for a task; waiting on the worker's analysis takes several).
  await page.evaluate(() => {
    const seen: string[] = [];
    Object.assign(window, { __loadingSeen: seen });
    new MutationObserver(() => {
      for (const block of document.querySelectorAll('[data-testid="loading"]')) seen.push(block.textContent ?? '');
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
  });
  await versionRow(page, '1.3.0').locator('a[href="#/package/sigstore/v/1.3.0"]').first().click();
  const detail = page.getByTestId('version-detail');
  await expect(detail).toHaveAttribute('data-version', '1.3.0');
  await expect(detail).toHaveAttribute('data-verification', 'verified');
  await expect(detail).toHaveAttribute('data-trust', 'provenance');

  await page.goBack();
  await expect(page.getByTestId('package-page')).toBeVisible();
  // The rows come in a transition after the page's frame: read them once they are in.
  await expect(versionRows(page)).toHaveCount(rows.length);
  expect(await readRows(page)).toEqual(rows);

  const seen = await page.evaluate(() => (window as unknown as { __loadingSeen: string[] }).__loadingSeen);
  expect(seen.filter((text) => /Analysing/.test(text))).toEqual([]);
});
