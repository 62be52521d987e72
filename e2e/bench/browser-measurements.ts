// The benchmark's measurements in the browser: the production build in headless
// Chromium, the fixture registry on loopback. Each function measures one run in a
// fresh browser context, so no run profits from another's caches.
import { readFileSync } from 'node:fs';
import type { Browser, Page } from '@playwright/test';

export interface TimelineRun {
  /** Submitting the name → the first timeline row in the DOM. */
  timeToTimelineMs: number;
  /** fetch + JSON.parse of the same packument, in the same page, before the app runs. */
  fetchParseMs: number;
  /** Submitting → the first row with a final verification status. */
  firstVerifiedMs: number;
  /** Longest main-thread task (Long Tasks API) from submitting to the first rows. */
  longestTaskUntilRowsMs: number;
  /** Longest main-thread task over the whole run (load, render, verification). */
  longestTaskMs: number;
  longTasksOver50: number;
}

export interface VerificationRun {
  /** Submitting the name → every row shows its final status. */
  allSettledMs: number;
  bundles: number;
  settledRows: Record<string, number>;
  mainHeapPeakBytes: number;
  mainHeapStartBytes: number;
  mainHeapEndBytes: number;
  /** Peak resident memory of the renderer process (page and its workers), from /proc. */
  rendererPeakRssBytes?: number;
}

// tsx compiles this file with esbuild, which wraps named functions in a `__name` helper;
// functions passed to page.evaluate run in the page, where that helper must exist too.
export const ESBUILD_HELPERS = 'globalThis.__name = globalThis.__name || ((fn) => fn);';

/** Every measured page's window (the scrolling floor's must be the app's: its rows at the same width). */
export const BENCH_VIEWPORT = { width: 1400, height: 900 };

const LONG_TASK_OBSERVER = `
  ${ESBUILD_HELPERS}
  window.__bench = { longTasks: [], heap: [] };
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__bench.longTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
`;

export async function openHome(browser: Browser, appUrl: string, registry: string): Promise<Page> {
  const context = await browser.newContext({ viewport: BENCH_VIEWPORT });
  const page = await context.newPage();
  await page.addInitScript(LONG_TASK_OBSERVER);
  await page.goto(`${appUrl}/?registry=${encodeURIComponent(registry)}#/`);
  await page.locator('input[name="package"]').waitFor();
  return page;
}

/** Fills the search box and submits it from inside the page, returning the page time of the submit. */
export async function submitName(page: Page, name: string): Promise<number> {
  await page.locator('input[name="package"]').fill(name);
  return page.evaluate(() => {
    const form = document.querySelector('form[role="search"]') as HTMLFormElement;
    const firstRow = new Promise<number>((resolve) => {
      const observer = new MutationObserver(() => {
        if (document.querySelector('[data-testid="version-row"]')) {
          observer.disconnect();
          resolve(performance.now());
        }
      });
      observer.observe(document.body, { childList: true, subtree: true });
    });
    const firstVerified = new Promise<number>((resolve) => {
      const check = () => {
        if (document.querySelector('[data-testid="version-row"]:not([data-verification="pending"])'))
          resolve(performance.now());
        else requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    });
    const w = window as unknown as { __bench: Record<string, unknown> };
    w.__bench.firstRow = firstRow;
    w.__bench.firstVerified = firstVerified;
    const start = performance.now();
    w.__bench.submittedAt = start;
    form.requestSubmit();
    return start;
  });
}

/** Waits until every version on screen has its verdict; returns the page time then. */
export async function waitAllSettled(page: Page, timeoutMs: number): Promise<number> {
  await page.waitForFunction(
    () => {
      const progress = document.querySelector('[data-testid="verification-progress"]') as HTMLElement | null;
      return (
        progress !== null && progress.dataset.done === progress.dataset.total && Number(progress.dataset.total) > 0
      );
    },
    undefined,
    { timeout: timeoutMs, polling: 20 },
  );
  return page.evaluate(() => performance.now());
}

export async function measureTimeToTimeline(
  browser: Browser,
  appUrl: string,
  registry: string,
  name: string,
): Promise<TimelineRun> {
  const page = await openHome(browser, appUrl, registry);
  try {
    const fetchParseMs = await page.evaluate(async (url) => {
      const start = performance.now();
      const response = await fetch(url, { headers: { Accept: 'application/json' } });
      const doc = JSON.parse(await response.text()) as { versions: object };
      if (!doc.versions) throw new Error('not a packument');
      return performance.now() - start;
    }, `${registry}/${name}`);
    // Let the lower bound's garbage go before the app's run starts.
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 500)));
    const submittedAt = await submitName(page, name);
    const firstRowAt = await page.evaluate(
      () => (window as unknown as { __bench: { firstRow: Promise<number> } }).__bench.firstRow,
    );
    const firstVerifiedAt = await page.evaluate(
      () => (window as unknown as { __bench: { firstVerified: Promise<number> } }).__bench.firstVerified,
    );
    await waitAllSettled(page, 180_000);
    const tasks = await page.evaluate(
      () => (window as unknown as { __bench: { longTasks: { start: number; duration: number }[] } }).__bench.longTasks,
    );
    const after = tasks.filter((t) => t.start >= submittedAt);
    const untilRows = after.filter((t) => t.start <= firstRowAt);
    return {
      timeToTimelineMs: firstRowAt - submittedAt,
      fetchParseMs,
      firstVerifiedMs: firstVerifiedAt - submittedAt,
      longestTaskUntilRowsMs: Math.max(0, ...untilRows.map((t) => t.duration)),
      longestTaskMs: Math.max(0, ...after.map((t) => t.duration)),
      longTasksOver50: after.filter((t) => t.duration > 50).length,
    };
  } finally {
    await page.context().close();
  }
}

export async function measureFullVerification(
  browser: Browser,
  appUrl: string,
  registry: string,
  name: string,
  bundles: number,
): Promise<VerificationRun> {
  const page = await openHome(browser, appUrl, registry);
  const rendererPid = await rendererProcessId(page);
  try {
    const heap: number[] = [];
    const sample = async () =>
      heap.push(
        await page.evaluate(
          () => (performance as unknown as { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize,
        ),
      );
    await sample();
    const submittedAt = await submitName(page, name);
    let done = false;
    const sampler = (async () => {
      while (!done) {
        await sample().catch(() => undefined);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    const settledAt = await waitAllSettled(page, 180_000);
    done = true;
    await sampler;
    await sample();
    const settledRows = await page.$$eval('[data-testid="version-row"]', (rows) => {
      const counts: Record<string, number> = {};
      for (const row of rows) {
        const status = (row as HTMLElement).dataset.verification ?? '?';
        counts[status] = (counts[status] ?? 0) + 1;
      }
      return counts;
    });
    return {
      allSettledMs: settledAt - submittedAt,
      bundles,
      settledRows,
      mainHeapStartBytes: heap[0] ?? 0,
      mainHeapPeakBytes: Math.max(...heap),
      mainHeapEndBytes: heap.at(-1) ?? 0,
      rendererPeakRssBytes: rendererPid ? peakRss(rendererPid) : undefined,
    };
  } finally {
    await page.context().close();
  }
}

async function rendererProcessId(page: Page): Promise<number | undefined> {
  try {
    const session = await page.context().newCDPSession(page);
    const info = (await session.send('SystemInfo.getProcessInfo')) as { processInfo: { id: number; type: string }[] };
    await session.detach();
    const renderers = info.processInfo.filter((p) => p.type === 'renderer');
    // A fresh context with one page has one renderer; with more, the newest is ours.
    return renderers.at(-1)?.id;
  } catch {
    return undefined;
  }
}

function peakRss(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
    return kb ? Number(kb) * 1024 : undefined;
  } catch {
    return undefined;
  }
}
