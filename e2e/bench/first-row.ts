// Time to first row FROM NAVIGATION, as a person opening a shared link to a large
// package sees it, with its floor measured in the same run, and the longest main-thread
// task on each screen. Every figure is read in the page against performance.timeOrigin
// (the navigation's start), each run in a fresh browser context (no HTTP cache, no
// compiled code, no worker left from another run).
import type { Browser, Page } from '@playwright/test';
import { BENCH_VIEWPORT, ESBUILD_HELPERS } from './browser-measurements';

export interface FirstRowRun {
  /** Navigation → the first version row in the DOM, on `#/package/<name>`. */
  firstRowMs: number;
  /**
   * Navigation → the package screen's first render (loading, or loaded): the app's own
   * path to that screen, whatever the data. The first row cannot come sooner; when it comes
   * at the same time, the data was there before the screen.
   */
  screenMs: number;
  /**
   * Navigation → the shell (the header) on the package link, and on the home page: the
   * app's boot up to its first commit, before any screen. Where the first row comes later
   * than 1.2 × the boot, these tell whether the shell (everything the link starts at
   * navigation competing with the boot) or the screen after it took the time.
   */
  shellMs: number;
  appShellMs: number;
  /** Navigation → the app's home page ready (its search box in the DOM). */
  appBootMs: number;
  /** fetch + JSON.parse of the same packument in a page of the app's origin. */
  fetchParseMs: number;
  /** The packument requests the page made for one navigation (must be 1). */
  packumentRequests: number;
}

export interface ScreenTasks {
  /** Longest main-thread task from navigation until the screen settled (Long Tasks API). */
  longestTaskMs: number;
  longTasksOver50: number;
  /** Navigation → the screen's main content on screen. */
  readyMs: number;
  /**
   * The longest frame over 50 ms (Long Animation Frames API), with its longest script:
   * where the longest task comes from (a frame holds a task and the rendering after it).
   */
  longestFrame?: { startMs: number; durationMs: number; script?: string; scriptMs?: number };
}

export type ScreenName = 'package' | 'version' | 'compare' | 'verify-bundle';

/** Records long tasks and the first version row from the very start of the page. */
const OBSERVERS = `
  ${ESBUILD_HELPERS}
  window.__firstRow = { longTasks: [] };
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__firstRow.longTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
  // What ran in each frame over 50 ms (Long Animation Frames API): the script that was
  // running, not a CPU profile's samples (a profiler attached changes the page's tasks).
  window.__firstRow.frames = [];
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        if (entry.duration <= 50) continue;
        window.__firstRow.frames.push({
          start: entry.startTime,
          duration: entry.duration,
          scripts: entry.scripts.map((script) => ({
            what: script.invokerType === 'module-script' || script.invokerType === 'classic-script'
              ? 'evaluate ' + (script.sourceURL || '').split('/').pop()
              : script.invoker + ' (' + ((script.sourceURL || '').split('/').pop() || '?') + ')',
            duration: script.duration,
          })),
        });
      }
    }).observe({ type: 'long-animation-frame', buffered: true });
  } catch {}
  const watch = (selector, field) => {
    const check = () => {
      if (window.__firstRow[field] === undefined && document.querySelector(selector)) {
        window.__firstRow[field] = performance.now();
        return true;
      }
      return false;
    };
    const observer = new MutationObserver(() => { if (check()) observer.disconnect(); });
    const start = () => observer.observe(document.documentElement, { childList: true, subtree: true });
    if (document.documentElement) start(); else document.addEventListener('readystatechange', start, { once: true });
  };
  watch('[data-testid="version-row"]', 'firstRowAt');
  watch('[data-testid="cancel-loading"], [data-testid="package-page"]', 'screenAt');
  watch('input[name="package"]', 'searchBoxAt');
  watch('[data-testid="app-header"]', 'shellAt');
`;

interface LongFrame {
  start: number;
  duration: number;
  scripts: { what: string; duration: number }[];
}

interface PageState {
  longTasks: { start: number; duration: number }[];
  frames: LongFrame[];
  firstRowAt?: number;
  screenAt?: number;
  searchBoxAt?: number;
  shellAt?: number;
}

/**
 * A network slower than loopback, emulated by Chromium (DevTools protocol) for the page
 * and its workers: on loopback the CPU is what limits a load, on a real link the round
 * trips and the bandwidth are, and what a change buys differs between the two.
 */
export interface EmulatedNetwork {
  latencyMs: number;
  mbitPerSecond: number;
}

/** A home connection to a CDN, as an example of a real link. */
export const EMULATED_NETWORK: EmulatedNetwork = { latencyMs: 40, mbitPerSecond: 50 };

export async function emulate(page: Page, network: EmulatedNetwork | undefined): Promise<void> {
  if (!network) return;
  const cdp = await page.context().newCDPSession(page);
  const bytesPerSecond = (network.mbitPerSecond * 1_000_000) / 8;
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: network.latencyMs,
    downloadThroughput: bytesPerSecond,
    uploadThroughput: bytesPerSecond,
  });
}

async function freshPage(browser: Browser, network?: EmulatedNetwork): Promise<Page> {
  const context = await browser.newContext({ viewport: BENCH_VIEWPORT });
  const page = await context.newPage();
  await page.addInitScript(OBSERVERS);
  await emulate(page, network);
  return page;
}

/**
 * Reads and waits on the page through the DevTools protocol only. Playwright's locators,
 * `waitForFunction` and `evaluate` first evaluate Playwright's own scripts in the page (its
 * injected script took ~100 ms on this machine): a long task of the harness, not of the app,
 * that landed in these figures, and could land before the first row.
 */
interface Probe {
  value<T>(expression: string): Promise<T>;
  /** Polls `expression` every 50 ms until it is true. */
  until(expression: string, timeoutMs?: number): Promise<void>;
}

async function probe(page: Page): Promise<Probe> {
  const cdp = await page.context().newCDPSession(page);
  const value = async <T>(expression: string): Promise<T> => {
    const answer = await cdp.send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true });
    if (answer.exceptionDetails)
      throw new Error(
        `${expression}: ${answer.exceptionDetails.exception?.description ?? answer.exceptionDetails.text}`,
      );
    return answer.result.value as T;
  };
  return {
    value,
    async until(expression, timeoutMs = 180_000) {
      const end = Date.now() + timeoutMs;
      while (!(await value<boolean>(`Boolean(${expression})`))) {
        if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${expression}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
}

const STATE = 'window.__firstRow';
const state = (p: Probe) => p.value<PageState>(STATE);
const exists = (selector: string) => `document.querySelector(${JSON.stringify(selector)}) !== null`;

function appAddress(appUrl: string, registry: string, hashPath: string): string {
  return `${appUrl}/?registry=${encodeURIComponent(registry)}#${hashPath}`;
}

/** One run of each: the link to the package, the home page, and fetch + parse in a page. */
export async function measureFirstRow(
  browser: Browser,
  appUrl: string,
  registry: string,
  name: string,
  network?: EmulatedNetwork,
): Promise<FirstRowRun> {
  const packumentUrl = `${registry}/${encodeURIComponent(name)}`;

  // Floor 1: the app's boot (a fresh context, so nothing is cached).
  let appBootMs: number;
  let appShellMs: number;
  {
    const page = await freshPage(browser, network);
    try {
      const p = await probe(page);
      await page.goto(appAddress(appUrl, registry, '/'));
      await p.until(`${STATE}.searchBoxAt !== undefined`);
      const home = await state(p);
      appBootMs = home.searchBoxAt ?? NaN;
      appShellMs = home.shellAt ?? NaN;
    } finally {
      await page.context().close();
    }
  }

  // Floor 2: fetch + JSON.parse of the document, in a blank page of the same origin.
  let fetchParseMs: number;
  {
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await emulate(page, network);
      await page.goto(`${appUrl}/favicon-32.png`);
      fetchParseMs = await page.evaluate(async (url) => {
        const start = performance.now();
        const response = await fetch(url, { headers: { Accept: 'application/json' } });
        const doc = JSON.parse(await response.text()) as { versions?: object };
        if (!doc.versions) throw new Error('not a packument');
        return performance.now() - start;
      }, packumentUrl);
    } finally {
      await context.close();
    }
  }

  // The shared link.
  const page = await freshPage(browser, network);
  try {
    let packumentRequests = 0;
    page.context().on('request', (request) => {
      if (request.url() === packumentUrl) packumentRequests += 1;
    });
    const p = await probe(page);
    await page.goto(appAddress(appUrl, registry, `/package/${name}`));
    await p.until(`${STATE}.firstRowAt !== undefined`, 120_000);
    const { firstRowAt, screenAt, shellAt } = await state(p);
    return {
      firstRowMs: firstRowAt ?? NaN,
      screenMs: screenAt ?? NaN,
      shellMs: shellAt ?? NaN,
      appShellMs,
      appBootMs,
      fetchParseMs,
      packumentRequests,
    };
  } finally {
    await page.context().close();
  }
}

export interface ScreenTargets {
  name: string;
  /** A version of the package, for the version screen. */
  version: string;
  /** Two versions to compare. */
  from: string;
  to: string;
  /** A bundle (JSON text) to paste on the Verify a bundle page. */
  bundleText: string;
}

/** The longest main-thread task on one screen, from navigation until the screen has settled. */
export async function measureScreen(
  browser: Browser,
  appUrl: string,
  registry: string,
  screen: ScreenName,
  targets: ScreenTargets,
): Promise<ScreenTasks> {
  const page = await freshPage(browser);
  try {
    const p = await probe(page);
    const hashPath =
      screen === 'package'
        ? `/package/${targets.name}`
        : screen === 'version'
          ? `/package/${targets.name}/v/${encodeURIComponent(targets.version)}`
          : screen === 'compare'
            ? `/package/${targets.name}/compare/${encodeURIComponent(targets.from)}/${encodeURIComponent(targets.to)}`
            : '/verify';
    await page.goto(appAddress(appUrl, registry, hashPath));
    const now = () => p.value<number>('performance.now()');
    let readyMs: number;
    if (screen === 'package') {
      // Rows, charts and every verification: the whole life of the screen.
      await p.until(`${STATE}.firstRowAt !== undefined`);
      readyMs = (await state(p)).firstRowAt ?? NaN;
      await p.until(exists('[data-testid="trust-chart"]'));
      await p.until(`(() => {
        const progress = document.querySelector('[data-testid="verification-progress"]');
        return progress !== null && progress.dataset.done === progress.dataset.total && Number(progress.dataset.total) > 0;
      })()`);
    } else if (screen === 'version') {
      await p.until(exists('[data-testid="version-detail"]'));
      readyMs = await now();
      await p.until(exists('[data-testid="verification-step"]'));
    } else if (screen === 'compare') {
      await p.until(exists('[data-testid="compare-row"]'));
      readyMs = await now();
      await p.until(`!(${exists('[data-testid="compare-pending"]')})`);
    } else {
      // What a paste does: the textarea's value set, one input event, then the button.
      await p.until(exists('textarea[name="bundle"]'));
      await p.value(`(() => {
        const field = document.querySelector('textarea[name="bundle"]');
        Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value').set.call(field, ${JSON.stringify(targets.bundleText)});
        field.dispatchEvent(new Event('input', { bubbles: true }));
      })()`);
      const submit = `document.querySelector('[data-testid="verify-bundle-submit"]')`;
      await p.until(`${submit} !== null && !${submit}.disabled`);
      await p.value(`${submit}.click()`);
      await p.until(exists('[data-testid="bundle-verdict"]'));
      readyMs = await now();
    }
    // Work left in the queue (a last analysis, the charts' redraw) lands in the figure too.
    await p.value('new Promise((resolve) => setTimeout(resolve, 1000))');
    const { longTasks: tasks, frames } = await state(p);
    const longest = frames.reduce<LongFrame | undefined>((a, b) => (a && a.duration >= b.duration ? a : b), undefined);
    const script = longest?.scripts.reduce<LongFrame['scripts'][number] | undefined>(
      (a, b) => (a && a.duration >= b.duration ? a : b),
      undefined,
    );
    return {
      longestTaskMs: Math.max(0, ...tasks.map((t) => t.duration)),
      longTasksOver50: tasks.filter((t) => t.duration > 50).length,
      readyMs,
      ...(longest
        ? {
            longestFrame: {
              startMs: Math.round(longest.start),
              durationMs: Math.round(longest.duration),
              ...(script ? { script: script.what, scriptMs: Math.round(script.duration) } : {}),
            },
          }
        : {}),
    };
  } finally {
    await page.context().close();
  }
}

/** The versions to open: the latest and the one published before it, read from the registry. */
export async function screenTargets(registry: string, name: string, bundleText: string): Promise<ScreenTargets> {
  const doc = (await fetch(`${registry}/${encodeURIComponent(name)}`).then((r) => r.json())) as {
    'dist-tags': Record<string, string>;
    time: Record<string, string>;
  };
  const byTime = Object.entries(doc.time)
    .filter(([key]) => key !== 'created' && key !== 'modified')
    .sort((a, b) => a[1].localeCompare(b[1]))
    .map(([version]) => version);
  const latest = doc['dist-tags'].latest ?? byTime.at(-1);
  if (!latest) throw new Error(`${name} has no versions`);
  const index = byTime.indexOf(latest);
  const previous = byTime[index - 1] ?? byTime[0];
  if (!previous) throw new Error(`${name} has one version: nothing to compare`);
  return { name, version: latest, from: previous, to: latest, bundleText };
}

export const SCREENS: ScreenName[] = ['package', 'version', 'compare', 'verify-bundle'];

/** The first row and its floor: medians over the runs. */
export interface FirstRowFigures {
  firstRowMs: number;
  /** The package screen's first render (FirstRowRun.screenMs); absent in results of before it was measured. */
  screenMs?: number;
  /** FirstRowRun.shellMs and appShellMs; absent in results of before they were measured. */
  shellMs?: number;
  appShellMs?: number;
  appBootMs: number;
  fetchParseMs: number;
  /** max(app boot, fetch + parse): nothing can show a row sooner. */
  floorMs: number;
  /** firstRowMs / floorMs (target ≤ 1.2). */
  ratio: number;
  /** Packument requests per navigation, every run (must all be 1). */
  packumentRequests: number[];
}

export interface FromNavigationResults extends FirstRowFigures {
  /** Per screen, the longest main-thread task of any run (target ≤ 50 ms). */
  longestTaskMs: Record<ScreenName, number>;
  /** Per screen, the median count of tasks over 50 ms. */
  longTasksOver50: Record<ScreenName, number>;
  /** The longest frame over 50 ms of a screen's runs, and the script it ran longest. */
  longestFrame?: Record<ScreenName, ScreenTasks['longestFrame']>;
  raw: { firstRow: FirstRowRun[]; screens: Record<ScreenName, ScreenTasks[]> };
  /** The same first-row figure and floor with the network emulated (EMULATED_NETWORK). */
  emulated?: EmulatedFirstRow;
  /** The same on loopback for a smaller document of as many versions (its floor is lower). */
  smaller?: SmallerFirstRow;
  /**
   * The same again for other documents of as many versions whose floor is the app's boot:
   * smaller still (each version cut to few fields), or quicker to parse (versions cloned).
   */
  smallest?: SmallerFirstRow[];
}

export interface SmallerFirstRow extends FirstRowFigures {
  name: string;
  raw: FirstRowRun[];
}

/** Each run's floor is measured on the same emulated network. */
export interface EmulatedFirstRow extends FirstRowFigures {
  network: EmulatedNetwork;
  raw: FirstRowRun[];
}

function firstRowFigures(runs: FirstRowRun[]): FirstRowFigures {
  const firstRowMs = median(runs.map((r) => r.firstRowMs));
  const screenMs = median(runs.map((r) => r.screenMs));
  const shellMs = median(runs.map((r) => r.shellMs));
  const appShellMs = median(runs.map((r) => r.appShellMs));
  const appBootMs = median(runs.map((r) => r.appBootMs));
  const fetchParseMs = median(runs.map((r) => r.fetchParseMs));
  const floorMs = Math.max(appBootMs, fetchParseMs);
  return {
    firstRowMs,
    screenMs,
    shellMs,
    appShellMs,
    appBootMs,
    fetchParseMs,
    floorMs,
    ratio: firstRowMs / floorMs,
    packumentRequests: runs.map((r) => r.packumentRequests),
  };
}

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

/** `runs` first-row runs (each with its own floor) and up to three runs of every screen. */
export async function measureFromNavigation(
  browser: Browser,
  appUrl: string,
  registry: string,
  name: string,
  runs: number,
  bundleText: string,
  smallerName?: string,
  smallestNames: readonly string[] = [],
): Promise<FromNavigationResults> {
  const firstRowRuns = async (of: string): Promise<FirstRowRun[]> => {
    const measured: FirstRowRun[] = [];
    for (let run = 0; run < runs; run++) measured.push(await measureFirstRow(browser, appUrl, registry, of));
    return measured;
  };
  const firstRow = await firstRowRuns(name);
  const smaller = smallerName !== undefined ? await firstRowRuns(smallerName) : [];
  const smallest: SmallerFirstRow[] = [];
  for (const smallestName of smallestNames) {
    const raw = await firstRowRuns(smallestName);
    smallest.push({ name: smallestName, ...firstRowFigures(raw), raw });
  }
  const targets = await screenTargets(registry, name, bundleText);
  const screens = Object.fromEntries(SCREENS.map((screen) => [screen, [] as ScreenTasks[]])) as Record<
    ScreenName,
    ScreenTasks[]
  >;
  for (let run = 0; run < Math.min(runs, 3); run++) {
    for (const screen of SCREENS) screens[screen].push(await measureScreen(browser, appUrl, registry, screen, targets));
  }
  const emulated: FirstRowRun[] = [];
  for (let run = 0; run < runs; run++)
    emulated.push(await measureFirstRow(browser, appUrl, registry, name, EMULATED_NETWORK));
  const perScreen = (pick: (runs: ScreenTasks[]) => number) =>
    Object.fromEntries(SCREENS.map((screen) => [screen, pick(screens[screen])])) as Record<ScreenName, number>;
  return {
    ...firstRowFigures(firstRow),
    longestTaskMs: perScreen((list) => Math.max(0, ...list.map((r) => r.longestTaskMs))),
    longTasksOver50: perScreen((list) => median(list.map((r) => r.longTasksOver50))),
    longestFrame: Object.fromEntries(
      SCREENS.map((screen) => [
        screen,
        screens[screen]
          .map((run) => run.longestFrame)
          .reduce((a, b) => (a && (!b || a.durationMs >= b.durationMs) ? a : b), undefined),
      ]),
    ) as Record<ScreenName, ScreenTasks['longestFrame']>,
    raw: { firstRow, screens },
    emulated: { network: EMULATED_NETWORK, ...firstRowFigures(emulated), raw: emulated },
    ...(smallerName !== undefined ? { smaller: { name: smallerName, ...firstRowFigures(smaller), raw: smaller } } : {}),
    ...(smallest.length > 0 ? { smallest } : {}),
  };
}
