// Shared helpers for the Playwright specs: where the fixture registry lives, how to open
// a route of the app against it, and how to wait for verification to settle (on state,
// never on time).
import { expect, type BrowserContext, type Locator, type Page } from '@playwright/test';

const REGISTRY_PORT = Number(process.env.E2E_REGISTRY_PORT ?? 4873);

/** The fixture registry (see e2e/fixture-registry/README.md). */
export const REGISTRY = `http://127.0.0.1:${REGISTRY_PORT}`;
export const TAMPERED_REGISTRY = `${REGISTRY}/tampered`;
export const MISMATCH_REGISTRY = `${REGISTRY}/mismatch`;
export const DEFAULT_REGISTRY = 'https://registry.npmjs.org';

/** The app's address for a hash route, read from `registry` (the fixture registry by default). */
export function appUrl(hashPath: string, registry: string | null = REGISTRY): string {
  const search = registry === null ? '' : `?registry=${encodeURIComponent(registry)}`;
  return `/${search}#${hashPath}`;
}

/** Opens the timeline of a package. Scoped names stay as they are: `@playwright/cli`. */
export async function gotoPackage(page: Page, name: string, registry: string = REGISTRY): Promise<void> {
  await page.goto(appUrl(`/package/${name}`, registry));
}

export async function gotoVersion(
  page: Page,
  name: string,
  version: string,
  registry: string = REGISTRY,
): Promise<void> {
  await page.goto(appUrl(`/package/${name}/v/${encodeURIComponent(version)}`, registry));
}

/** The value (`<dd>`) of a row of a version's "Where it came from" list, by its label. */
export function originFact(page: Page, label: string): Locator {
  return page
    .locator('section[aria-labelledby="origin-heading"] dt')
    .filter({ hasText: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) })
    .locator('xpath=following-sibling::dd[1]');
}

export function versionRows(page: Page): Locator {
  return page.getByTestId('version-row');
}

export function versionRow(page: Page, version: string): Locator {
  return page.locator(`[data-testid="version-row"][data-version="${cssString(version)}"]`);
}

/**
 * Waits until every version of the package on screen has a verification result:
 * the progress meter's data-done equals its data-total (and the total is the number
 * of versions we expect, when given). Returns the total.
 */
export async function waitForVerification(page: Page, expectedTotal?: number, timeout = 20_000): Promise<number> {
  const progress = page.getByTestId('verification-progress');
  await expect(progress).toBeVisible({ timeout });
  if (expectedTotal !== undefined) await expect(progress).toHaveAttribute('data-total', String(expectedTotal));
  const total = await progress.getAttribute('data-total');
  expect(total, 'verification-progress has a data-total').not.toBeNull();
  await expect(progress).toHaveAttribute('data-done', total as string, { timeout });
  await expect(versionRows(page).and(page.locator('[data-verification="pending"]'))).toHaveCount(0);
  return Number(total);
}

export interface ExpectedRow {
  version: string;
  trust: 'staged' | 'trusted-publisher' | 'provenance' | 'none';
  verification: 'verified' | 'failed' | 'absent' | 'unavailable' | 'pending';
}

/** The rows as the timeline shows them, in order. */
export async function readRows(page: Page): Promise<ExpectedRow[]> {
  return versionRows(page).evaluateAll((rows) =>
    rows.map((row) => {
      const el = row as HTMLElement;
      return {
        version: el.dataset.version ?? '',
        trust: el.dataset.trust as ExpectedRow['trust'],
        verification: el.dataset.verification as ExpectedRow['verification'],
      };
    }),
  );
}

/**
 * Every URL-bearing attribute in the page's body (the head's own `<link rel="icon"
 * href="data:,">` is the app's, not metadata) whose scheme could run code or smuggle a
 * document: `javascript:`, `data:`, `vbscript:` (after trimming, as browsers do).
 */
export async function dangerousUrls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    for (const el of Array.from(
      document.body.querySelectorAll('[href], [src], [action], [formaction], [xlink\\:href]'),
    )) {
      for (const attr of ['href', 'src', 'action', 'formaction', 'xlink:href']) {
        const value = el.getAttribute(attr);
        // Browsers strip leading/trailing C0 controls and spaces, and tabs/newlines anywhere.
        // eslint-disable-next-line no-control-regex
        const normalized = value?.replace(/[\u0000-\u0020]/g, '').toLowerCase();
        if (normalized && /^(javascript|data|vbscript):/.test(normalized)) {
          found.push(`<${el.tagName.toLowerCase()} ${attr}="${value}">`);
        }
      }
    }
    return found;
  });
}

function cssString(value: string): string {
  return value.replace(/["\\]/g, '\\$&');
}

/**
 * Holds each request the context makes for `url` (the page's and its workers') until
 * released: `held()` counts those that arrived, `release()` lets the last one go on.
 */
export async function holdRequests(
  context: BrowserContext,
  url: string,
): Promise<{ held: () => number; release: () => void }> {
  let held = 0;
  let release = () => {};
  await context.route(url, async (route) => {
    held += 1;
    await new Promise<void>((resolve) => (release = resolve));
    await route.continue();
  });
  return { held: () => held, release: () => release() };
}
