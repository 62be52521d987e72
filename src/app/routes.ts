// Hash routes, so that links can be shared and work on static hosting (GitHub Pages
// serves one index.html; the part after # never reaches the server):
//   #/                                    search
//   #/package/<name>                      timeline (scoped names as they are: @scope/name)
//   #/package/<name>/v/<version>          one version
//   #/package/<name>/v/<version>/audit    print-friendly audit view of one version
//   #/package/<name>/compare/<a>/<b>      two versions side by side
//   #/verify                              verify a Sigstore bundle you hold
//   #/review                              dependency review (a lockfile or a spec)
//   #/review/<spec>                       the review of a spec (encoded: @scope%2Fname%40^1)
// Without React: the entry module parses the opened address before React is loaded
// (the hook that follows the hash is app/use-hash.ts).
// The href builders and `navigate` live in src/lib/hrefs.ts (features and shared
// components use them; they never import the app).

export type Route =
  | { page: 'home' }
  | { page: 'package'; name: string }
  | { page: 'version'; name: string; version: string }
  | { page: 'audit'; name: string; version: string }
  | { page: 'compare'; name: string; from: string; to: string }
  | { page: 'verify-bundle' }
  | { page: 'review'; spec?: string }
  | { page: 'not-found'; path: string };

export function parseHash(hash: string): Route {
  const path = hash.replace(/^#/, '') || '/';
  if (path === '/' || path === '') return { page: 'home' };
  if (path === '/verify' || path === '/verify/') return { page: 'verify-bundle' };
  const segments = path.split('/').slice(1).map(safeDecode);
  if (segments[0] === 'review') {
    // The spec is one encoded segment; an unencoded scoped spec (`@scope/name`) is joined back.
    const spec = segments
      .slice(1)
      .filter((segment) => segment !== '')
      .join('/');
    return spec ? { page: 'review', spec } : { page: 'review' };
  }
  if (segments[0] !== 'package' || segments.length < 2) return { page: 'not-found', path };
  const first = segments[1] ?? '';
  const scoped = first.startsWith('@');
  // A scoped name encoded whole, as one segment (`%40scope%2Fname`, or `@scope%2fname` as
  // in a registry's URL): its two parts are in that segment.
  const inOne = scoped && first.includes('/');
  const nameParts = inOne ? first.split('/') : scoped ? segments.slice(1, 3) : segments.slice(1, 2);
  if (nameParts.some((part) => !part) || (scoped && nameParts.length !== 2)) return { page: 'not-found', path };
  const name = nameParts.join('/');
  // A trailing slash leaves an empty last segment: ignore it.
  const rest = segments.slice(inOne ? 2 : 1 + nameParts.length).filter((segment) => segment !== '');
  if (rest.length === 0) return { page: 'package', name };
  if (rest[0] === 'v' && rest.length === 2 && rest[1]) return { page: 'version', name, version: rest[1] };
  if (rest[0] === 'v' && rest.length === 3 && rest[1] && rest[2] === 'audit')
    return { page: 'audit', name, version: rest[1] };
  if (rest[0] === 'compare' && rest.length === 3 && rest[1] && rest[2]) {
    return { page: 'compare', name, from: rest[1], to: rest[2] };
  }
  return { page: 'not-found', path };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
