// The registry requests the review adds to the app's client: the abbreviated packument
// (`application/vnd.npm.install-v1+json`, a fraction of the full document's size) is
// enough to resolve a tree; history findings need the full one (fetchPackage).
import { getJson } from '../net/http-client';
import { RegistryError } from '../net/http-errors';
import { packumentUrl, type RequestOptions } from '../registry/npm-registry';
import type { FetchPackument, PackumentLike } from './resolve';

/** npm's own Accept header for installs; a registry without the abbreviated form sends the full one. */
export const INSTALL_ACCEPT = 'application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8, */*';

export async function fetchAbbreviatedPackument(base: string, name: string, options: RequestOptions = {}): Promise<PackumentLike> {
  const url = packumentUrl(base, name);
  try {
    const { body } = await getJson(url, { ...options, accept: INSTALL_ACCEPT });
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
