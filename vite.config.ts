/// <reference types="vitest/config" />
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig, type AliasOptions } from 'vite';
import { appChunks } from './scripts/app-chunks.ts';
import { contentSecurityPolicyPlugin } from './scripts/csp-plugin.ts';
import { compileHintBanner, eagerCommonJsPlugin } from './scripts/eager-compile.ts';
import { preloadAppPlugin } from './scripts/preload-app-plugin.ts';
import { sigstoreSeedsPlugin } from './scripts/sigstore-seeds.ts';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// @sigstore/verify is written for Node. In the browser its few uses of `crypto` and
// `util` are served by small synchronous shims (see src/core/crypto); `Buffer` is set
// on globalThis by the worker entry before any @sigstore module loads.
const nodeShims: AliasOptions = [
  { find: /^(node:)?crypto$/, replacement: here('./src/core/crypto/node-crypto-shim.ts') },
  { find: /^(node:)?util$/, replacement: here('./src/core/crypto/node-util-shim.ts') },
];

// The `browser-crypto` test project pre-bundles @sigstore/* with the shims INLINED into
// the bundle, and Vite keys that cache on the lockfile and the config, not on our files:
// without this, a change to the shims would go on being tested against the old copy
// until the cache is cleared. So the shims' source is part of the config's hash.
const shimsSourceHash = (): string => {
  const dir = here('./src/core/crypto/');
  const hash = createHash('sha256');
  // Every source file under src/core/crypto, the shim's parts in ./shim/ included.
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' });
  for (const file of files.filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).sort()) {
    hash.update(file).update(readFileSync(`${dir}${file}`));
  }
  // And the project's `buffer` (the alias below), inlined into the pre-bundle as well.
  hash.update(readFileSync(here('./test/support/buffer-module.ts')));
  return hash.digest('hex');
};

// One instance: its resolveDependencies reads what its generateBundle found.
const preloadApp = preloadAppPlugin();
const chunks = appChunks();

export default defineConfig(({ mode }) => ({
  // GitHub Pages serves a project site under /<repo>/: set BASE_PATH=/<repo>/ there.
  base: process.env.BASE_PATH ?? '/',
  plugins: [
    react(),
    tailwindcss(),
    sigstoreSeedsPlugin(),
    contentSecurityPolicyPlugin(),
    preloadApp,
    eagerCommonJsPlugin(),
    chunks.plugin,
  ],
  // tuf-js (the trust worker) also needs `url`; not in the test projects, whose Node-side
  // helpers import the real `node:url`.
  resolve: {
    alias:
      mode === 'test'
        ? []
        : [
            ...(nodeShims as { find: RegExp; replacement: string }[]),
            { find: /^(node:)?url$/, replacement: here('./src/core/trust/node-url-shim.ts') },
          ],
  },
  worker: { format: 'es', plugins: () => [sigstoreSeedsPlugin(), eagerCommonJsPlugin()] },
  build: {
    target: 'es2022',
    ...(process.env.BENCH_PAGE === '1' ? { assetsDir: 'bench-assets' } : {}),
    sourcemap: true,
    // The browsers this build targets (es2022) all support <link rel=modulepreload>.
    // The preload helper adds only what index.html does not list (scripts/preload-app-plugin.ts).
    modulePreload: { polyfill: false, resolveDependencies: preloadApp.resolveDependencies },
    rollupOptions: {
      // `npm run bench` builds its page (bench.html) on its own, after the site, into the
      // same directory (its files under bench-assets/): the site's files stay the production
      // build's. As an input of the site's build, the page's imports changed the site's
      // chunks (modules two entries share are cut out of both).
      ...(process.env.BENCH_PAGE === '1' ? { input: { bench: here('./bench.html') } } : {}),
      output: {
        // V8 compiles the app's chunks whole, off the main thread (scripts/eager-compile.ts).
        postBanner: compileHintBanner,
        // React (with the module that starts the app), the app (the shell and the shared
        // components), and what the package screen shares with others: few chunks, as every
        // request costs (scripts/app-chunks.ts).
        codeSplitting: { groups: chunks.groups },
      },
    },
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'node',
          include: [
            'src/**/*.test.ts',
            'scripts/**/*.test.ts',
            'test/support/**/*.test.ts',
            'e2e/fixture-registry/**/*.test.ts',
          ],
        },
      },
      {
        // The verification tests again, with @sigstore/* bundled through Vite and the
        // browser's crypto shim in place of node:crypto: what the worker really runs.
        extends: true,
        // `debug` (a tuf-js dependency) as the browser build has it: its Node entry needs more of `util`.
        resolve: {
          alias: [
            ...(nodeShims as { find: RegExp; replacement: string }[]),
            { find: /^debug$/, replacement: here('./node_modules/debug/src/browser.js') },
            // The browser's Buffer (the `buffer` package, test/support/browser-buffer.ts), not Node's.
            { find: /^buffer$/, replacement: here('./test/support/buffer-module.ts') },
          ],
        },
        test: {
          name: 'browser-crypto',
          environment: 'node',
          // test/differential: both engines side by side (the shim here, Node's crypto
          // through createRequire), and the check that the shim is the crypto in use.
          // The TUF client too: in the browser its signature checks go through the shim.
          include: ['src/core/verify/**/*.test.ts', 'src/core/trust/**/*.test.ts', 'test/differential/**/*.test.ts'],
          // The CommonJS `require("crypto")` inside @sigstore would reach Node's real crypto
          // if the packages were only inlined; pre-bundling them applies the aliases.
          deps: {
            optimizer: {
              ssr: {
                enabled: true,
                include: [
                  '@sigstore/verify',
                  '@sigstore/core',
                  '@sigstore/bundle',
                  '@sigstore/protobuf-specs',
                  'tuf-js',
                  '@tufjs/models',
                ],
                // Unused by the code: it only makes the cache follow the shims' source.
                rolldownOptions: {
                  transform: { define: { __CRYPTO_SHIMS_SOURCE__: JSON.stringify(shimsSourceHash()) } },
                },
              },
            },
          },
          // The package's Buffer as the global, as in the workers (install-buffer.ts).
          setupFiles: ['test/support/browser-buffer.ts'],
        },
      },
    ],
  },
}));
