// A phone's width (360 px): no screen scrolls sideways as a whole (a wide table scrolls
// inside its own box), the settings open inside the screen, and the charts' period
// labels never overlap, there and on a desktop's width. Each screen is loaded with its
// real content: long certificate identities, digests and URLs are what widen a page.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { resolveFixturesDir } from '../fixture-registry/fixtures';
import { LARGE } from '../fixture-registry/large-packument';
import { REVIEW_APP } from '../fixture-registry/review/review-tree';
import { appUrl, gotoPackage, gotoVersion, waitForVerification } from '../support/app';

const PHONE = { width: 360, height: 800 };

/** Recorded: sigstore@1.3.0's provenance bundle. */
const BUNDLE_TEXT = readFileSync(
  path.join(resolveFixturesDir(), 'sigstore', 'bundles', 'sigstore@1.3.0-provenance.json'),
  'utf8',
);

/** How far the page reaches past the viewport's right edge (0: it does not scroll sideways). */
async function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** Pairs of labels whose boxes overlap, as "a / b". */
async function overlappingLabels(labels: Locator): Promise<string[]> {
  return labels.evaluateAll((nodes) => {
    const boxes = nodes
      .map((node) => ({ text: node.textContent ?? '', box: node.getBoundingClientRect() }))
      .filter(({ box }) => box.width > 0)
      .sort((a, b) => a.box.left - b.box.left);
    const pairs: string[] = [];
    for (let i = 1; i < boxes.length; i++) {
      const before = boxes[i - 1];
      const after = boxes[i];
      if (before && after && after.box.left < before.box.right) pairs.push(`${before.text} / ${after.text}`);
    }
    return pairs;
  });
}

const cadenceLabels = (page: Page) =>
  page.getByTestId('cadence-chart').locator('.recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value');

test.describe('on a phone', () => {
  test.use({ viewport: PHONE });

  test('no screen scrolls sideways, with its content loaded', async ({ page }) => {
    // Six screens loaded in turn, the dependency review among them (its own wait: 100 s).
    test.setTimeout(180_000);
    await test.step('home', async () => {
      await page.goto(appUrl('/'));
      await expect(page.locator('input[name="package"]')).toBeVisible();
      expect(await sidewaysOverflow(page)).toBe(0);
    });
    await test.step('a package: rows, charts and every verdict', async () => {
      await gotoPackage(page, 'sigstore');
      await waitForVerification(page, 5);
      await expect(page.getByTestId('cadence-chart')).toBeVisible();
      expect(await sidewaysOverflow(page)).toBe(0);
    });
    await test.step('a verified version: its certificate identity, digests and log entry', async () => {
      await gotoVersion(page, 'sigstore', '1.3.0');
      await expect(page.getByTestId('version-detail')).toHaveAttribute('data-verification', 'verified');
      expect(await sidewaysOverflow(page)).toBe(0);
    });
    await test.step('a comparison', async () => {
      await page.goto(appUrl('/package/sigstore/compare/1.2.0/1.3.1'));
      await expect(page.getByTestId('compare-row').first()).toBeVisible();
      await expect(page.getByTestId('compare-pending')).toHaveCount(0);
      expect(await sidewaysOverflow(page)).toBe(0);
    });
    await test.step('a bundle verified on the Verify page', async () => {
      await page.goto(appUrl('/verify'));
      await page.locator('textarea[name="bundle"]').fill(BUNDLE_TEXT);
      await page.getByTestId('verify-bundle-submit').click();
      await expect(page.getByTestId('bundle-verdict').first()).toBeVisible({ timeout: 20_000 });
      expect(await sidewaysOverflow(page)).toBe(0);
    });
    await test.step('a dependency review', async () => {
      await page.goto(appUrl(`/review/${REVIEW_APP}`));
      await expect(page.getByTestId('review-progress')).toHaveAttribute('data-status', 'done', { timeout: 100_000 });
      expect(await sidewaysOverflow(page)).toBe(0);
      // No hover on a phone: the weakest links' reasons wrap instead of being cut short.
      const links = page.getByTestId('weakest-link');
      await expect(links.first()).toBeVisible();
      const clipped = await links.evaluateAll((items) =>
        items.filter((item) => item.scrollWidth > item.clientWidth).map((item) => item.textContent),
      );
      expect(clipped).toEqual([]);
    });
  });

  test('the settings open inside the screen', async ({ page }) => {
    await page.goto(appUrl('/package/sigstore'));
    for (const name of [/^Registry/, /^Trusted root/]) {
      await page.getByRole('button', { name }).click();
      const form = page.locator('header form:not([role="search"])');
      await expect(form).toBeVisible();
      const box = await form.boundingBox();
      expect(box).not.toBeNull();
      expect(box?.x).toBeGreaterThanOrEqual(0);
      expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(PHONE.width);
      await page.getByRole('button', { name }).click();
      await expect(form).toHaveCount(0);
    }
  });

  test('period labels do not overlap: weeks (recharts) and months (3,000 versions)', async ({ page }) => {
    // Two packages, one of 3,000 versions (20 MB) whose charts come once it is analysed:
    // 9-12 s alone on a slow machine, over 30 s beside another test there (as the other
    // specs that open it, a bound for a busy machine, not a speed claim).
    test.setTimeout(120_000);
    await gotoPackage(page, 'sigstore');
    await expect(cadenceLabels(page).first()).toBeVisible();
    expect(await overlappingLabels(cadenceLabels(page))).toEqual([]);

    await gotoPackage(page, LARGE);
    const monthLabels = page.getByTestId('cadence-chart').locator('svg text[text-anchor="middle"]');
    await expect(monthLabels.first()).toBeVisible({ timeout: 30_000 });
    expect(await overlappingLabels(monthLabels)).toEqual([]);
  });
});

test('on a desktop, the weekly labels of the cadence chart do not overlap', async ({ page }) => {
  await gotoPackage(page, 'sigstore');
  // 11 weeks: every other one labelled, or fewer.
  await expect(cadenceLabels(page).first()).toBeVisible();
  expect(await cadenceLabels(page).count()).toBeGreaterThan(1);
  expect(await overlappingLabels(cadenceLabels(page))).toEqual([]);
});
