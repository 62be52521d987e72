// The Content-Security-Policy of the built site, as a <meta> tag: GitHub Pages sends no
// headers of our choosing. Only in the production build (`apply: 'build'`): Vite's dev
// server injects an inline script (React refresh) that this policy would refuse.
import type { Plugin } from 'vite';

/**
 * - scripts and workers only from the site itself, never inline, no plugins (`object-src`);
 * - `connect-src`: the user chooses the registry (and a TUF mirror, an attestation
 *   proxy), so any https origin; plain http only on loopback, for the offline demo and
 *   the tests;
 * - no `<base>` and no form submission anywhere (the app posts nothing);
 * - `frame-ancestors` and `report-uri` are ignored in a meta tag, so they are left out.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self'",
  "connect-src 'self' https: http://127.0.0.1:* http://localhost:*",
  "img-src 'self' data:",
  // Inline styles (a chart library's <style> element, style attributes) cannot run code;
  // scripts stay strictly 'self'.
  "style-src 'self' 'unsafe-inline'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

export function contentSecurityPolicyPlugin(): Plugin {
  return {
    name: 'provenance-explorer:csp',
    apply: 'build',
    transformIndexHtml: {
      order: 'pre',
      handler: () => [
        {
          tag: 'meta',
          attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY },
          injectTo: 'head-prepend',
        },
      ],
    },
  };
}
