// The app's addresses, for every screen and shared component that links or navigates.
// Routes are in the hash (see src/app/routes.ts, which parses them), so that links can
// be shared and work on static hosting.

export function packageHref(name: string, version?: string): string {
  const encodedName = name
    .split('/')
    .map((part) => (part.startsWith('@') ? `@${encodeURIComponent(part.slice(1))}` : encodeURIComponent(part)))
    .join('/');
  return `#/package/${encodedName}${version ? `/v/${encodeURIComponent(version)}` : ''}`;
}

export function auditHref(name: string, version: string): string {
  return `${packageHref(name, version)}/audit`;
}

export function compareHref(name: string, from: string, to: string): string {
  return `${packageHref(name)}/compare/${encodeURIComponent(from)}/${encodeURIComponent(to)}`;
}

/**
 * The dependency review; with a spec (`name`, `name@range`, `@scope/name@1.0.0`), the
 * review of what that spec installs, so that a review can be shared.
 */
export function reviewHref(spec?: string): string {
  return spec ? `#/review/${encodeURIComponent(spec)}` : REVIEW_HREF;
}

export const HOME_HREF = '#/';
export const REVIEW_HREF = '#/review';
export const VERIFY_BUNDLE_HREF = '#/verify';

/** Navigates by changing the hash: a new history entry, so the back button works. */
export function navigate(href: string): void {
  if (window.location.hash !== href) window.location.hash = href;
}
