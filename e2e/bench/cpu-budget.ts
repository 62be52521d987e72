// The processor time a first row from navigation costs, against what the machine's cores
// can give in the time the target allows. On a machine whose cores are busy for the whole
// load (2 cores here: the browser's processes, its network service and this process's
// servers share them), moving work earlier or later cannot bring the first row sooner than
// the work divided by the cores; only less work can. So the benchmark measures, each in a
// fresh context:
//   - the app's boot (home page, until its search box): its processor time;
//   - the document's download alone (fetch, no parse, in a blank page of the app's origin);
//   - the shared link, until its first row;
// and prints `(boot + download) / cores`: when the first row could come at the earliest
// with the app's boot and the download as they are, even if both cores were kept busy
// with nothing else. A target below it is out of reach on this machine without less work,
// under this harness: Playwright turns DevTools' network instrumentation on in every page
// and worker, and its cost is in these figures. Without it (a bare DevTools connection)
// the cloned 10.6 MB document's download took 44–54 ms of processor time instead of about
// 108, and the home page's boot 176–254 instead of 220–270 (docs/performance.md).
//
// Processor time is read from Linux's /proc (each thread's `schedstat`: nanoseconds run),
// for this process (the app's and the registry's servers) and every process under it (the
// browser). Each load's end is reported by the page itself, with a synchronous request to
// a probe server at the moment it happens: polling the page would cost processor time of
// its own, in the very processes measured. Elsewhere than Linux nothing is measured.
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import type { Browser, Page } from '@playwright/test';
import { median } from './first-row';
import { BENCH_VIEWPORT } from './browser-measurements';

export interface CpuBudgetRun {
  /** Processor time of all processes, from just before navigation to the load's end. */
  bootCpuMs: number;
  fetchCpuMs: number;
  firstRowCpuMs: number;
  /** Wall time of the first row's load, over which its processor time was spent. */
  firstRowWindowMs: number;
}

export interface CpuBudget {
  name: string;
  cores: number;
  /** Medians of the runs. */
  bootCpuMs: number;
  fetchCpuMs: number;
  firstRowCpuMs: number;
  firstRowWindowMs: number;
  /** (boot + download) / cores: the earliest first row with that work, from just before navigation. */
  lowerBoundMs: number;
  raw: CpuBudgetRun[];
}

const procAvailable = (): boolean => {
  try {
    readFileSync(`/proc/${process.pid}/task/${process.pid}/schedstat`, 'utf8');
    return true;
  } catch {
    return false;
  }
};

/** This process and every process under it (the browser's). */
function processTree(): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The fields after the command's closing parenthesis: state, then the parent's pid.
      parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // Gone meanwhile.
    }
  }
  const tree = [process.pid];
  for (const pid of parentOf.keys()) {
    for (let up = parentOf.get(pid); up !== undefined && up > 1; up = parentOf.get(up)) {
      if (up === process.pid) {
        tree.push(pid);
        break;
      }
    }
  }
  return tree;
}

/** Milliseconds of processor time all threads of these processes have run. */
function processorMs(pids: number[]): number {
  let total = 0;
  for (const pid of pids) {
    let threads: string[];
    try {
      threads = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of threads) {
      try {
        total += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
      } catch {
        // A thread that ended meanwhile.
      }
    }
  }
  return total;
}

interface Probe {
  url: string;
  /** Resolves with the processor time read when the page reports the next end. */
  next(): Promise<number>;
  close(): Promise<void>;
}

async function startProbe(): Promise<Probe> {
  let waiting: ((cpuMs: number) => void) | undefined;
  const server = createServer((_request, response) => {
    const cpuMs = processorMs(processTree());
    response.writeHead(204, { 'Access-Control-Allow-Origin': '*' });
    response.end();
    waiting?.(cpuMs);
    waiting = undefined;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    next: () => new Promise((resolve) => (waiting = resolve)),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A synchronous request to the probe: the page's main thread waits while it reads. */
const report = (probe: Probe) =>
  `(() => { const x = new XMLHttpRequest(); x.open('GET', ${JSON.stringify(probe.url)}, false); x.send(); })()`;

/** Reports to the probe when `selector` first matches, from the page's first moment on. */
const reportWhen = (selector: string, probe: Probe) => `
  new MutationObserver((_, observer) => {
    if (!document.querySelector(${JSON.stringify(selector)})) return;
    observer.disconnect();
    window.__cpuBudgetAt = performance.now();
    ${report(probe)};
  }).observe(document, { childList: true, subtree: true });
`;

/** Processor time from now until the page reports to the probe, while `action` runs. */
async function measured(probe: Probe, action: () => Promise<unknown>): Promise<number> {
  const end = probe.next();
  const before = processorMs(processTree());
  await Promise.all([action(), end]);
  return (await end) - before;
}

/** Processor time of a navigation, until the page reports `selector`; and the load's wall time. */
async function load(page: Page, url: string, selector: string, probe: Probe): Promise<[number, number]> {
  await page.addInitScript(reportWhen(selector, probe));
  const cpuMs = await measured(probe, () => page.goto(url));
  return [cpuMs, await page.evaluate<number>('window.__cpuBudgetAt')];
}

async function run(browser: Browser, appUrl: string, registry: string, name: string, probe: Probe) {
  const fresh = async () => (await browser.newContext({ viewport: BENCH_VIEWPORT })).newPage();
  const app = (hash: string) => `${appUrl}/?registry=${encodeURIComponent(registry)}#${hash}`;
  const boot = await fresh();
  const [bootCpuMs] = await load(boot, app('/'), 'input[name="package"]', probe);
  await boot.context().close();

  const blank = await fresh();
  await blank.goto(`${appUrl}/favicon-32.png`);
  const fetchCpuMs = await measured(probe, () =>
    blank.evaluate(
      async ([url, js]) => {
        await (await fetch(url, { headers: { Accept: 'application/json' } })).arrayBuffer();
        (0, eval)(js);
      },
      [`${registry}/${encodeURIComponent(name)}`, report(probe)] as const,
    ),
  );
  await blank.context().close();

  const link = await fresh();
  const [firstRowCpuMs, firstRowWindowMs] = await load(
    link,
    app(`/package/${name}`),
    '[data-testid="version-row"]',
    probe,
  );
  await link.context().close();
  return { bootCpuMs, fetchCpuMs, firstRowCpuMs, firstRowWindowMs };
}

/** `runs` runs for each package; undefined where /proc is not there to read. */
export async function measureCpuBudget(
  browser: Browser,
  appUrl: string,
  registry: string,
  names: string[],
  runs: number,
): Promise<CpuBudget[] | undefined> {
  if (!procAvailable()) return undefined;
  const cores = os.availableParallelism();
  const probe = await startProbe();
  try {
    const budgets: CpuBudget[] = [];
    for (const name of names) {
      const raw: CpuBudgetRun[] = [];
      for (let i = 0; i < runs; i++) raw.push(await run(browser, appUrl, registry, name, probe));
      const pick = (key: keyof CpuBudgetRun) => median(raw.map((r) => r[key]));
      const bootCpuMs = pick('bootCpuMs');
      const fetchCpuMs = pick('fetchCpuMs');
      budgets.push({
        name,
        cores,
        bootCpuMs,
        fetchCpuMs,
        firstRowCpuMs: pick('firstRowCpuMs'),
        firstRowWindowMs: pick('firstRowWindowMs'),
        lowerBoundMs: (bootCpuMs + fetchCpuMs) / cores,
        raw,
      });
    }
    return budgets;
  } finally {
    await probe.close();
  }
}
