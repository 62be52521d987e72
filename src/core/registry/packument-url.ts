// Where a package's packument is read. A module of its own, light enough for the page's
// entry, which starts a shared link's packument request at navigation
// (lib/registry-client.ts) for the registry worker to read (core/net/handed-response.ts):
// both threads must compute the same URL, so both use this.
import { checkPackageName } from './package-name';
import { normalizeRegistryUrl } from './registry-url';

/** `@scope/name` → `@scope%2fname`, the form npm's own client requests. */
export function encodePackageName(name: string): string {
  if (name.startsWith('@') && name.includes('/')) {
    const [scope, pkg] = name.slice(1).split('/', 2) as [string, string];
    return `@${encodeURIComponent(scope)}%2f${encodeURIComponent(pkg)}`;
  }
  return encodeURIComponent(name);
}

export function packumentUrl(base: string, name: string): string {
  return `${base}/${encodePackageName(name)}`;
}

/**
 * The URL `fetchPackage(base, rawName)` requests, or undefined when it requests none
 * (a name that could never be published, a registry address it refuses).
 */
export function packumentRequestUrl(base: string, rawName: string): string | undefined {
  const check = checkPackageName(rawName);
  if (!check.ok) return undefined;
  try {
    return packumentUrl(normalizeRegistryUrl(base), check.name);
  } catch {
    return undefined;
  }
}
