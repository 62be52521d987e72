import { chromium } from '@playwright/test';
import { preview } from 'vite';
import { writeFileSync } from 'node:fs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../playwright.config';
import { startFixtureRegistry } from '../fixture-registry/registry-app';
const registry = await startFixtureRegistry({ port: 0, log: () => undefined });
const server = await preview({ build: { outDir: 'dist', sourcemap: true }, preview: { port: 0, host: '127.0.0.1' }, logLevel: 'warn' });
const address = server.httpServer.address();
if (!address || typeof address === 'string') throw new Error('no port');
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] });
const folder = process.argv[2] ?? 'lockfiles';
const lockfile = await (await fetch(`${registry.url}/__review/${folder}/package-lock.json`)).text();
const page = await browser.newPage();
page.on('console', (m) => { if (m.text().startsWith('SNAP')) {} });
await page.goto(`http://127.0.0.1:${address.port}/?registry=${encodeURIComponent(registry.url)}#/review`);
await page.locator('input[type="file"][name="lockfile"]').setInputFiles({ name: 'package-lock.json', mimeType: 'application/json', buffer: Buffer.from(lockfile) });
const cdp = await page.context().newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
await cdp.send('Profiler.start');
const t = Date.now();
await page.getByRole('button', { name: 'Review', exact: true }).click();
await page.locator('[data-testid="review-progress"][data-status="done"]').waitFor({ timeout: 120000 });
console.log('wall', Date.now() - t);
const { profile } = await cdp.send('Profiler.stop') as { profile: { nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }[]; samples: number[]; timeDeltas: number[] } };

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes as { id: number; children?: number[] }[]) for (const c of n.children ?? []) parent.set(c, n.id);
const name = (id: number) => { const n = byId.get(id)!; return `${n.callFrame.functionName || '(anon)'}@${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`; };
let time = 0; let busyStart = -1; let busy: number[] = [];
const periods: { start: number; dur: number; samples: number[] }[] = [];
profile.samples.forEach((id, i) => {
  time += profile.timeDeltas[i] ?? 0;
  const idle = name(id).startsWith('(idle)');
  if (!idle) { if (busyStart < 0) busyStart = time; busy.push(id); }
  else if (busyStart >= 0) { periods.push({ start: busyStart / 1000, dur: (time - busyStart) / 1000, samples: busy }); busyStart = -1; busy = []; }
});
for (const p of periods.filter((p) => p.dur > 50)) {
  const incl = new Map<string, number>();
  for (const id of p.samples) { const seen = new Set<string>(); let cur: number | undefined = id; while (cur !== undefined) { const k = name(cur); if (!seen.has(k)) { seen.add(k); incl.set(k, (incl.get(k) ?? 0) + 1); } cur = parent.get(cur); } }
  console.log(`--- ${p.start.toFixed(0)} ${p.dur.toFixed(0)}ms ` + [...incl].filter(([k]) => !k.startsWith('(root)')).sort((a, b) => b[1] - a[1]).slice(0, 14).map(([k, v]) => `${k}=${v}`).join(' | '));
}
await browser.close(); await registry.close(); server.httpServer.close();
