// The Content-Security-Policy of the built site, as a <meta> tag: GitHub Pages sends no
// headers of our choosing. Only in the production build (`apply: 'build'`): Vite's dev
// server injects an inline script (React refresh) that this policy would refuse.
//
// The same hook inlines the one script the policy allows by its hash: the shared link's
// early packument request (src/lib/early-request.ts), which must run before any file is
// fetched. It is compiled from its TypeScript source here, with the registry worker's
// built file name, and the policy gets the hash of exactly the text inlined.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import type { Plugin } from 'vite';

const EARLY_REQUEST_SOURCE = fileURLToPath(new URL('../src/lib/early-request.ts', import.meta.url));

/**
 * - scripts only from the site itself, plus the early-request script by its hash; never
 *   other inline code, no plugins (`object-src`);
 * - workers from the site itself, and `blob:` for the early request's worker (a blob URL
 *   can only be made by a script already running in the page);
 * - `connect-src`: the user chooses the registry (and a TUF mirror, an attestation
 *   proxy), so any https origin; plain http only on loopback, for the offline demo and
 *   the tests;
 * - no `<base>` and no form submission anywhere (the app posts nothing);
 * - `frame-ancestors` and `report-uri` are ignored in a meta tag, so they are left out.
 */
export function contentSecurityPolicy(inlineScriptHashes: readonly string[]): string {
  return [
    "default-src 'self'",
    ["script-src 'self'", ...inlineScriptHashes.map((hash) => `'${hash}'`)].join(' '),
    "worker-src 'self' blob:",
    "connect-src 'self' https: http://127.0.0.1:* http://localhost:*",
    "img-src 'self' data:",
    // Inline styles (a chart library's <style> element, style attributes) cannot run code;
    // scripts stay strictly 'self' and the one hash.
    "style-src 'self' 'unsafe-inline'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** The inline script's text: src/lib/early-request.ts as plain JavaScript, in a function of its own, then its call. */
export function earlyRequestScript(workerPath: string, source = readFileSync(EARLY_REQUEST_SOURCE, 'utf8')): string {
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, removeComments: true },
  });
  // A classic script runs while the page is parsed; module syntax would make it wait.
  const body = outputText.replace(/^export /gm, '');
  if (/^(import|export)\b/m.test(body))
    throw new Error('src/lib/early-request.ts must not import or re-export anything');
  if (/<\/script/i.test(body)) throw new Error('src/lib/early-request.ts must not contain "</script"');
  return `(() => {\n${body}\nstartEarlyRegistryWorker(${JSON.stringify(workerPath)});\n})();\n`;
}

export function sha256Source(text: string): string {
  return `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;
}

export function contentSecurityPolicyPlugin(): Plugin {
  let base = '/';
  return {
    name: 'provenance-explorer:csp',
    apply: 'build',
    configResolved(config) {
      base = config.base;
    },
    transformIndexHtml: {
      order: 'post',
      handler: (_html, context) => {
        // The site's page only: the benchmark's (bench.html) is built on its own (vite.config.ts).
        if (!context.path.endsWith('/index.html')) return [];
        const worker = Object.keys(context.bundle ?? {}).find((file) => /(^|\/)registry\.worker-[^/]*\.js$/.test(file));
        if (!worker) throw new Error('csp-plugin: the registry worker is not in the bundle');
        const script = earlyRequestScript(`${base}${worker}`);
        return [
          {
            tag: 'meta',
            attrs: { 'http-equiv': 'Content-Security-Policy', content: contentSecurityPolicy([sha256Source(script)]) },
            injectTo: 'head-prepend',
          },
          // After the policy, so that the policy applies to it (and allows it by its hash).
          { tag: 'script', children: script, injectTo: 'head-prepend' },
        ];
      },
    },
  };
}
