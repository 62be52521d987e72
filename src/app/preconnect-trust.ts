// The connection to the TUF repository, opened at navigation on a screen that verifies:
// its trust material is asked for later (the TUF client's worker starts once the package
// screen has rendered), and every visit's refresh waits for that repository before a
// verdict is shown, a kept one included. Over a real network the connection (DNS, TCP,
// TLS) is a round trip or more of that wait; `preconnect` has the browser open it while
// the app boots, at no cost to the page's thread. The registry needs none: a shared
// link's packument request opens its connection at navigation (lib/early-request.ts).
import type { Route } from './routes';
import { readTrustSettings } from '../lib/trust-settings';

/** The screens whose first view verifies something (the trusted root is then needed). */
const VERIFYING: ReadonlySet<Route['page']> = new Set([
  'package',
  'version',
  'audit',
  'compare',
  'verify-bundle',
  'review',
]);

/** Adds `<link rel="preconnect">` for the TUF repository the app follows, if `route` verifies. */
export function preconnectTrust(route: Route, doc: Document = document): void {
  if (!VERIFYING.has(route.page)) return;
  let origin: string;
  try {
    origin = new URL(readTrustSettings().settings.mirrorUrl).origin;
  } catch {
    return;
  }
  if (origin === doc.location.origin) return;
  const link = doc.createElement('link');
  link.rel = 'preconnect';
  link.href = origin;
  // The TUF client's requests are CORS requests without credentials: the same connection pool.
  link.crossOrigin = 'anonymous';
  doc.head.append(link);
}
