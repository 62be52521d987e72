import { existsSync } from 'node:fs';
import path from 'node:path';
import { defineConfig } from '@playwright/test';

// Playwright cannot download a browser here: it drives Debian's Chromium. The flags
// keep Chromium from reaching out to Google at start (this machine has no network).
// The browser is $CHROMIUM_PATH, else `chromium` on the PATH.
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || onPath('chromium');

function onPath(command: string): string {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, command);
    if (dir && existsSync(candidate)) return candidate;
  }
  throw new Error(`No ${command} on the PATH: install Chromium, or set CHROMIUM_PATH to its executable.`);
}
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // No route to Sigstore's TUF CDN, as on this machine and in CI: the app's default TUF
  // repository fails at once (it falls back to its bundled root), and no test can reach
  // the internet through it. Specs that test TUF point ?tuf= at the fixture registry.
  '--host-resolver-rules=MAP tuf-repo-cdn.sigstore.dev ~NOTFOUND',
];

const APP_PORT = Number(process.env.E2E_APP_PORT ?? 4173);
const REGISTRY_PORT = Number(process.env.E2E_REGISTRY_PORT ?? 4873);

export default defineConfig({
  testDir: './specs',
  fullyParallel: true,
  workers: 2,
  retries: 0,
  forbidOnly: true,
  reporter: [['list']],
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: `http://127.0.0.1:${APP_PORT}`,
    browserName: 'chromium',
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
    trace: 'retain-on-failure',
  },
  webServer: [
    {
      // The production build (npm run test:e2e builds first), served at the site root.
      command: `npx vite preview --host 127.0.0.1 --port ${APP_PORT} --strictPort`,
      url: `http://127.0.0.1:${APP_PORT}/`,
      reuseExistingServer: false, // never test a stale preview or registry
      cwd: '..',
    },
    {
      command: `npx tsx e2e/fixture-registry/server.ts --port ${REGISTRY_PORT}`,
      url: `http://127.0.0.1:${REGISTRY_PORT}/__health`,
      reuseExistingServer: false, // never test a stale preview or registry
      cwd: '..',
    },
  ],
});
