// The sigstore-conformance `bundle-verify` cases (test/conformance, verbatim) through the
// #/verify page, as a user would enter them: the bundle pasted, the case's artifact given
// as a file, its identity and issuer (or its key), and its trusted root under Advanced.
// The page must give the suite's verdict on all 70, including
// `trust-root-tlog-missing-validity-start_fail` (a root the app refuses as malformed,
// while @sigstore/verify 4.1.3 accepts it: see test/differential/carve-outs.ts).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { appUrl } from '../support/app';

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../test/conformance/bundle-verify');
/** The suite's defaults when a case names no identity or issuer (its test/client.py). */
const DEFAULT_IDENTITY =
  'https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main';
const DEFAULT_ISSUER = 'https://token.actions.githubusercontent.com';

interface Case {
  name: string;
  bundle: string;
  artifact: Buffer;
  trustedRoot?: string;
  publicKey?: string;
  identity?: string;
  issuer?: string;
}

function cases(): Case[] {
  const defaultArtifact = readFileSync(path.join(DIR, 'a.txt'));
  return readdirSync(DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const file = (f: string) =>
        existsSync(path.join(DIR, name, f)) ? readFileSync(path.join(DIR, name, f)) : undefined;
      const c: Case = {
        name,
        bundle: readFileSync(path.join(DIR, name, 'bundle.sigstore.json'), 'utf8'),
        artifact: file('artifact') ?? defaultArtifact,
      };
      const root = file('trusted_root.json');
      if (root) c.trustedRoot = root.toString('utf8');
      const key = file('key.pub');
      if (key) c.publicKey = key.toString('utf8');
      else {
        c.identity = file('identity')?.toString('utf8').trim() ?? DEFAULT_IDENTITY;
        c.issuer = file('issuer')?.toString('utf8').trim() ?? DEFAULT_ISSUER;
      }
      return c;
    });
}

const CASES = cases();
// A page load and a verification per case, on a machine shared with other work.
test.describe.configure({ timeout: 120_000 });

async function openVerifyPage(page: Page): Promise<void> {
  await page.goto(appUrl('/verify'));
  await openAdvanced(page);
}

async function openAdvanced(page: Page): Promise<void> {
  const details = page.locator('details').filter({ hasText: 'Advanced: trusted root and keys' });
  if ((await details.getAttribute('open')) === null) await page.getByText('Advanced: trusted root and keys').click();
  await expect(page.locator('textarea[name="trusted-root"]')).toBeVisible();
}

/**
 * One case through the page as it is (the form filled in full, so nothing of the case
 * before stays): waits for the previous result to go, then for this one.
 */
async function verdictOf(page: Page, c: Case): Promise<'verified' | 'failed'> {
  await page.locator('textarea[name="bundle"]').fill(c.bundle);
  await page
    .locator('input[name="artifact"]')
    .setInputFiles({ name: 'artifact', mimeType: 'application/octet-stream', buffer: c.artifact });
  await page.locator('[name="identity"]').fill(c.identity ?? '');
  await page.locator('[name="issuer"]').fill(c.issuer ?? '');
  // The Advanced section closes by itself when both of its fields are empty: open it for each.
  await openAdvanced(page);
  await page.locator('textarea[name="trusted-root"]').fill(c.trustedRoot ?? '');
  await openAdvanced(page);
  await page.locator('textarea[name="public-key"]').fill(c.publicKey ?? '');
  const verdicts = page.getByTestId('bundle-verdict');
  const previous = (await verdicts.count()) > 0 ? await verdicts.first().elementHandle() : null;
  await page.getByTestId('verify-bundle-submit').click();
  // The previous result is unmounted while the new check runs.
  if (previous) await expect.poll(() => previous.evaluate((el) => el.isConnected), { timeout: 30_000 }).toBe(false);
  await expect(verdicts.first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('stale-result')).toHaveCount(0);
  const states = await verdicts.evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.verdict));
  return states.length > 0 && states.every((s) => s === 'verified') ? 'verified' : 'failed';
}

test('sigstore-conformance bundle-verify through #/verify: the suite’s verdict on all 70', async ({ page }) => {
  test.setTimeout(900_000);
  expect(CASES).toHaveLength(70);
  await openVerifyPage(page);
  const wrong: string[] = [];
  for (const c of CASES) {
    const expected = c.name.endsWith('_fail') ? 'failed' : 'verified';
    if ((await verdictOf(page, c)) !== expected) wrong.push(c.name);
  }
  console.log(`conformance through #/verify: ${CASES.length - wrong.length}/${CASES.length}`);
  expect(wrong).toEqual([]);
});

test('a trusted root whose tlog has no validFor.start is refused on the trusted-root field, naming the entry', async ({
  page,
}) => {
  const c = CASES.find((x) => x.name === 'trust-root-tlog-missing-validity-start_fail');
  if (!c) throw new Error('the case is in test/conformance');
  await openVerifyPage(page);
  expect(await verdictOf(page, c)).toBe('failed');
  const verdict = page.getByTestId('bundle-verdict');
  await expect(verdict).toHaveAttribute('data-error-code', 'TRUSTED_ROOT_INVALID');
  await expect(verdict).toContainText(/tlogs\[1\].*has no publicKey\.validFor\.start/);
  await expect(page.locator('textarea[name="trusted-root"]')).toHaveAttribute('aria-invalid', 'true');
});
