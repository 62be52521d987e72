// A basic automated accessibility check with axe-core: no serious or critical
// violations on the main screens, once they have settled.
import { createRequire } from 'node:module';
import { expect, test, type Page } from '@playwright/test';
import { appUrl, gotoPackage, gotoVersion, waitForVerification } from '../support/app';

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE_PATH });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document) => Promise<{ violations: AxeViolation[] }> } })
      .axe;
    const result = await axe.run(document);
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.length} node(s), e.g. ${v.nodes[0]?.target.join(' ')}`);
}

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
