// The registry base URL is user input (settings, `?registry=`): accept only http(s),
// drop a trailing slash, keep a path prefix (a mirror may live under /npm/). A query
// string is refused with a reason rather than dropped: the app appends package paths to
// the address, so a `?token=` could never reach the registry, and keeping it silently
// would look as if it did. Nothing invalid ever falls back to another registry: the
// caller shows the error.
import { RegistryError } from '../net/http-errors';

export const DEFAULT_REGISTRY_URL = 'https://registry.npmjs.org';

export function normalizeRegistryUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new RegistryError({
      code: 'INVALID_REGISTRY_URL',
      message: `"${input}" is not a URL. A registry address looks like ${DEFAULT_REGISTRY_URL}.`,
    });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new RegistryError({
      code: 'INVALID_REGISTRY_URL',
      message: `A registry address must start with https:// or http://; this one is a ${url.protocol} address.`,
    });
  }
  if (url.username || url.password) {
    throw new RegistryError({
      code: 'INVALID_REGISTRY_URL',
      message: 'A registry address must not carry a user name or password.',
    });
  }
  if (url.search) {
    throw new RegistryError({
      code: 'INVALID_REGISTRY_URL',
      message:
        `A registry address must not carry a query string (${url.search}): the app adds package paths to the address, ` +
        'so the query would not reach the registry. Remove it (the registry must answer without it).',
    });
  }
  if (!url.hostname) {
    throw new RegistryError({
      code: 'INVALID_REGISTRY_URL',
      message: `"${input}" has no host name. A registry address looks like ${DEFAULT_REGISTRY_URL}.`,
    });
  }
  // A fragment is never sent to a server: dropping it changes nothing. (An empty `?`.)
  url.hash = '';
  url.search = '';
  return url.toString().replace(/\/+$/, '');
}
