// The registry base URL is user input (settings, `?registry=`): accept only http(s),
// drop a trailing slash, keep a path prefix (a mirror may live under /npm/).
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
  url.search = '';
  url.hash = '';
  return url.toString().replace(/\/+$/, '');
}
