// In-app navigation between the screens of one package, once it is loaded and verified:
// a click on a version's link → its detail on screen, the browser's back → the timeline
// again, and a click on a row's "compare with the previous version" → the comparison.
// Everything the screens need is in the page already (the record, the verdicts, the
// analysis); what is measured is the app's own cost of switching screens (a screen's
// chunk, the first time; its first render). One fresh context per run.
import type { Browser } from '@playwright/test';
import { BENCH_VIEWPORT, ESBUILD_HELPERS, waitAllSettled } from './browser-measurements';

export interface NavigationRun {
  /** Click on the newest version's link → its detail in the DOM. */
  toVersionMs: number;
  /** Back → the timeline's rows in the DOM. */
  backToPackageMs: number;
  /** Click on the newest version's "compare with previous" → the comparison's rows in the DOM. */
  toCompareMs: number;
}

export interface NavigationResults {
  toVersionMs: number;
  backToPackageMs: number;
  toCompareMs: number;
  raw: NavigationRun[];
}

/** Clicks `link` inside the page and resolves with the time until `target` is in the DOM (or, with `back`, goes back). */
const TIMED_CLICK = `
  ${ESBUILD_HELPERS}
  window.__timedNavigation = (link, target, back) => new Promise((resolve, reject) => {
    const start = performance.now();
    const timeout = setTimeout(() => reject(new Error('timed out waiting for ' + target)), 60000);
    const check = () => {
      if (document.querySelector(target)) {
        clearTimeout(timeout);
        resolve(performance.now() - start);
      } else requestAnimationFrame(check);
    };
    if (back) history.back();
    else {
      const element = document.querySelector(link);
      if (!element) return reject(new Error('no ' + link));
      element.click();
    }
    requestAnimationFrame(check);
  });
`;

async function oneRun(browser: Browser, appUrl: string, registry: string, name: string): Promise<NavigationRun> {
  const context = await browser.newContext({ viewport: BENCH_VIEWPORT });
  try {
    const page = await context.newPage();
    await page.addInitScript(TIMED_CLICK);
    await page.goto(`${appUrl}/?registry=${encodeURIComponent(registry)}#/package/${encodeURIComponent(name)}`);
    const settled = async () => {
      await page.locator('[data-testid="package-page"] [data-testid="version-row"]').first().waitFor({ timeout: 180_000 });
      await waitAllSettled(page, 180_000);
      // The last analysis and the charts' idle import land before the click, not in it.
      await page.waitForTimeout(1000);
    };
    const timed = (link: string, target: string, back = false) =>
      page.evaluate(
        ([l, t, b]) =>
          (window as unknown as { __timedNavigation(l: string, t: string, b: boolean): Promise<number> }).__timedNavigation(
            l,
            t,
            b,
          ),
        [link, target, back] as [string, string, boolean],
      );
    await settled();
    const toVersionMs = await timed('[data-testid="version-row"] a[href*="/v/"]', '[data-testid="version-detail"]');
    const backToPackageMs = await timed('', '[data-testid="package-page"] [data-testid="version-row"]', true);
    await settled();
    const toCompareMs = await timed('[data-testid="version-row"] a[href*="/compare/"]', '[data-testid="compare-row"]');
    return { toVersionMs, backToPackageMs, toCompareMs };
  } finally {
    await context.close();
  }
}

export async function measureNavigation(
  browser: Browser,
  appUrl: string,
  registry: string,
  name: string,
  runs: number,
  median: (values: number[]) => number,
): Promise<NavigationResults> {
  const raw: NavigationRun[] = [];
  for (let run = 0; run < runs; run++) raw.push(await oneRun(browser, appUrl, registry, name));
  return {
    toVersionMs: median(raw.map((r) => r.toVersionMs)),
    backToPackageMs: median(raw.map((r) => r.backToPackageMs)),
    toCompareMs: median(raw.map((r) => r.toCompareMs)),
    raw,
  };
}
