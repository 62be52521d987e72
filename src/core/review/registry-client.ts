// The registry requests the review adds to the app's client: the abbreviated packument
// (`application/vnd.npm.install-v1+json`, a fraction of the full document's size) is
// enough to resolve a tree; history findings need the full one (fetchPackage).
import { getJson } from '../net/http-client';
import { RegistryError } from '../net/http-errors';
import { packumentUrl, type RequestOptions } from '../registry/npm-registry';
import type { FetchPackument, ManifestLike, PackumentLike } from './resolve';

/** npm's own Accept header for installs; a registry without the abbreviated form sends the full one. */
export const INSTALL_ACCEPT = 'application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8, */*';

export async function fetchAbbreviatedPackument(base: string, name: string, options: RequestOptions = {}): Promise<PackumentLike> {
  const url = packumentUrl(base, name);
  try {
    const { net, ...rest } = options;
    const idle = net?.idleTimeoutMs;
    const { body } = await getJson(url, { ...rest, accept: INSTALL_ACCEPT, ...(idle !== undefined ? { idleTimeoutMs: idle } : {}) });
    if (typeof body !== 'object' || body === null || Array.isArray(body) || typeof (body as { versions?: unknown }).versions !== 'object') {
      throw new RegistryError({ code: 'MALFORMED_RESPONSE', message: `The registry's document for "${name}" is not a packument (it has no "versions").`, url });
    }
    return body as PackumentLike;
  } catch (error) {
    if (error instanceof RegistryError && error.code === 'NOT_FOUND') {
      throw new RegistryError({ code: 'NOT_FOUND', message: `The registry has no package named "${name}".`, url, status: 404 });
    }
    throw error;
  }
}

/** A FetchPackument for resolveSpec on a registry base URL. */
export function registryPackuments(base: string, options: Omit<RequestOptions, 'signal'> = {}): FetchPackument {
  return (name, { signal }) => fetchAbbreviatedPackument(base, name, { ...options, ...(signal ? { signal } : {}) });
}

/**
 * Only what the resolver reads of each version: a packument crosses from the registry
 * worker to the review worker (through the main thread, as bytes), so the less the better.
 */
export function compactPackument(packument: PackumentLike): PackumentLike {
  const versions: Record<string, ManifestLike> = {};
  for (const [version, manifest] of Object.entries(packument.versions)) {
    if (typeof manifest !== 'object' || manifest === null) continue;
    const kept: ManifestLike = { version: typeof manifest.version === 'string' ? manifest.version : version };
    for (const field of MANIFEST_FIELDS) {
      if (manifest[field] !== undefined) (kept as unknown as Record<string, unknown>)[field] = manifest[field];
    }
    const dist = manifest.dist;
    if (typeof dist === 'object' && dist !== null) {
      kept.dist = {
        ...(typeof dist.integrity === 'string' ? { integrity: dist.integrity } : {}),
        ...(typeof dist.tarball === 'string' ? { tarball: dist.tarball } : {}),
      };
    }
    versions[version] = kept;
  }
  return {
    ...(packument.name !== undefined ? { name: packument.name } : {}),
    ...(packument['dist-tags'] !== undefined ? { 'dist-tags': packument['dist-tags'] } : {}),
    versions,
  };
}

const MANIFEST_FIELDS = [
  'name',
  'dependencies',
  'optionalDependencies',
  'peerDependencies',
  'peerDependenciesMeta',
  'bundleDependencies',
  'bundledDependencies',
  'deprecated',
] as const satisfies readonly (keyof ManifestLike)[];
