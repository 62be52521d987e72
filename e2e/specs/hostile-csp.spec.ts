// The built site runs under its Content-Security-Policy (a <meta> tag added at build
// time): every screen loads, verifies and draws with no violation reported.
import { expect, test, type Page } from '@playwright/test';
import { appUrl, waitForVerification } from '../support/app';

interface Violation {
  directive: string;
  blocked: string;
}

/** Collects `securitypolicyviolation` events and CSP console errors from the page's start. */
async function watchCsp(page: Page): Promise<() => Promise<string[]>> {
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text()))
      consoleErrors.push(message.text());
  });
  await page.addInitScript(() => {
    const seen: Violation[] = [];
    (window as unknown as { __cspViolations: Violation[] }).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => {
      seen.push({ directive: event.effectiveDirective, blocked: event.blockedURI });
    });
  });
  return async () => {
    const events = await page.evaluate(() => (window as unknown as { __cspViolations: Violation[] }).__cspViolations);
    return [...events.map((v) => `${v.directive} blocked ${v.blocked}`), ...consoleErrors];
  };
}

test('the built page carries the policy', async ({ page }) => {
  await page.goto(appUrl('/'));
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  for (const directive of [
    "script-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "connect-src 'self' https: http://127.0.0.1:* http://localhost:*",
  ]) {
    expect(policy).toContain(directive);
  }
  // Inline code is refused, but for one script allowed by its hash (lib/early-request.ts):
  // the hash is that of the page's only inline script (JSON data blocks aside). Workers
  // also from `blob:` (its worker).
  expect(policy).not.toMatch(/script-src[^;]*unsafe-inline/);
  expect(policy).not.toContain('unsafe-eval');
  expect(policy).toContain("worker-src 'self' blob:;");
  const hashes = [...(policy ?? '').matchAll(/'(sha256-[A-Za-z0-9+/=]+)'/g)].map((match) => match[1]);
  const inline = await page
    .locator('script:not([src]):not([type="application/json"])')
    .evaluateAll((scripts) => scripts.map((script) => script.textContent ?? ''));
  expect(inline).toHaveLength(1);
  const digest = await page.evaluate(async (text) => {
    const bytes = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
    return `sha256-${btoa(String.fromCharCode(...bytes))}`;
  }, inline[0]!);
  expect(hashes).toEqual([digest]);
});

test('the violation watch sees an inline script being refused (the check can fail)', async ({ page }) => {
  const violations = await watchCsp(page);
  await page.goto(appUrl('/'));
  await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.__inlineRan = true;';
    document.body.append(script);
  });
  await expect.poll(violations).toContainEqual(expect.stringContaining('script-src'));
  expect(await page.evaluate(() => (window as unknown as { __inlineRan?: boolean }).__inlineRan)).toBeUndefined();
});

test('every screen loads, verifies and draws with no CSP violation', async ({ page }) => {
  test.slow();
  const violations = await watchCsp(page);

  await page.goto(appUrl('/'));
  await expect(page.getByRole('searchbox').first()).toBeVisible();

  await page.goto(appUrl('/package/sigstore'));
  await waitForVerification(page, 5);
  // The charts load in their own chunk once the page is idle.
  await expect(page.getByTestId('trust-chart')).toBeVisible({ timeout: 20_000 });

  await page.goto(appUrl('/package/sigstore/v/1.0.0'));
  await expect(page.getByTestId('version-detail')).toHaveAttribute('data-verification', 'verified');

  await page.goto(appUrl('/package/sigstore/v/1.0.0/audit'));
  await expect(page.getByTestId('audit-view')).toBeVisible();

  await page.goto(appUrl('/package/sigstore/compare/1.0.0/1.3.0'));
  await expect(page.getByTestId('compare')).toHaveAttribute('data-pending', 'false');

  await page.goto(appUrl('/verify'));
  await expect(page.locator('textarea[name="bundle"]')).toBeVisible();

  await page.goto(appUrl('/package/derived-server-error'));
  await expect(page.getByTestId('error')).toBeVisible();

  expect(await violations()).toEqual([]);
});
