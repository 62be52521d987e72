// The dependency review of the 1,000-entry derived lockfile (the fixture registry's
// `/__review/large/`), in the bench's Chromium: how long until every row is listed and
// until every row is verified, the main thread's JS heap, and its longest task.
import type { Browser } from '@playwright/test';
import { BENCH_VIEWPORT, ESBUILD_HELPERS } from './browser-measurements';

export interface ReviewRun {
  entries: number;
  /** Pressing Review → the summary counts every entry (all rows listed, pending or not). */
  allListedMs: number;
  /** Pressing Review → the review is done (every row has its final verification). */
  allVerifiedMs: number;
  verified: number;
  mainHeapPeakBytes: number;
  mainHeapEndBytes: number;
  /** Longest main-thread task (Long Tasks API) from pressing Review to the end. */
  longestTaskMs: number;
  longTasksOver50: number;
}

const OBSERVER = `
  ${ESBUILD_HELPERS}
  window.__review = { longTasks: [] };
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__review.longTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
`;

type ReviewWindow = Window & {
  __review: { longTasks: { start: number; duration: number }[]; listed?: Promise<number>; verified?: Promise<number> };
};

/** One review in a fresh context (no cache from an earlier run); `lockfile` is package-lock.json, `entries` its registry entries. */
export async function measureReview(browser: Browser, appUrl: string, registry: string, lockfile: string, entries: number): Promise<ReviewRun> {
  const context = await browser.newContext({ viewport: BENCH_VIEWPORT });
  const page = await context.newPage();
  try {
    await page.addInitScript(OBSERVER);
    await page.goto(`${appUrl}/?registry=${encodeURIComponent(registry)}#/review`);
    await page.locator('input[type="file"][name="lockfile"]').setInputFiles({
      name: 'package-lock.json',
      mimeType: 'application/json',
      buffer: Buffer.from(lockfile),
    });
    await page.getByTestId('lockfile-chosen').waitFor();
    const heap: number[] = [];
    const sample = async () =>
      heap.push(await page.evaluate(() => (performance as unknown as { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize));
    await sample();
    const startedAt = await page.evaluate((total) => {
      const w = window as unknown as ReviewWindow;
      const when = (test: () => boolean) =>
        new Promise<number>((resolve) => {
          const check = () => (test() ? resolve(performance.now()) : requestAnimationFrame(check));
          requestAnimationFrame(check);
        });
      const summary = () => document.querySelector<HTMLElement>('[data-testid="review-summary"]');
      w.__review.listed = when(() => summary()?.dataset.total === String(total));
      w.__review.verified = when(
        () => document.querySelector<HTMLElement>('[data-testid="review-progress"]')?.dataset.status === 'done',
      );
      const button = [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Review');
      if (!button) throw new Error('no Review button');
      const start = performance.now();
      button.click();
      return start;
    }, entries);
    let done = false;
    const sampler = (async () => {
      while (!done) {
        await sample().catch(() => undefined);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    })();
    const listedAt = await page.evaluate(() => (window as unknown as ReviewWindow).__review.listed);
    const verifiedAt = await page.evaluate(() => (window as unknown as ReviewWindow).__review.verified);
    done = true;
    await sampler;
    await sample();
    const tasks = await page.evaluate(() => (window as unknown as ReviewWindow).__review.longTasks);
    const during = tasks.filter((t) => t.start >= startedAt);
    const verified = Number(await page.getByTestId('review-summary').getAttribute('data-verified'));
    return {
      entries,
      allListedMs: (listedAt ?? 0) - startedAt,
      allVerifiedMs: (verifiedAt ?? 0) - startedAt,
      verified,
      mainHeapPeakBytes: Math.max(...heap),
      mainHeapEndBytes: heap.at(-1) ?? 0,
      longestTaskMs: Math.max(0, ...during.map((t) => t.duration)),
      longTasksOver50: during.filter((t) => t.duration > 50).length,
    };
  } finally {
    await context.close();
  }
}

/** The large lockfile and its number of registry entries, from the fixture registry. */
export async function largeReviewLockfile(registry: string): Promise<{ lockfile: string; entries: number }> {
  const lockfile = await (await fetch(`${registry}/__review/large/package-lock.json`)).text();
  const packages = (JSON.parse(lockfile) as { packages: Record<string, { name?: string; link?: boolean; resolved?: string; version?: string }> }).packages;
  // Registry entries, deduplicated by name@version, as the review counts them: every
  // installed package whose tarball comes from the registry it was served by, under
  // its real name (an `npm:` alias records it in `name`).
  const keys = new Set<string>();
  for (const [location, entry] of Object.entries(packages)) {
    if (!location || entry.link || !entry.resolved?.startsWith(registry) || !entry.version) continue;
    const name = entry.name ?? location.slice(location.lastIndexOf('node_modules/') + 'node_modules/'.length);
    keys.add(`${name}@${entry.version}`);
  }
  return { lockfile, entries: keys.size };
}
