// URLs inside documents, written the way the npm registry writes them. By default on
// the recorded origin: the server rewrites that origin (plus a sub-registry's prefix) on
// the way out, exactly as it does for the recorded files.
import { RECORDED_ORIGIN } from './fixtures';

/** `@nuxt/kit` → `@nuxt%2fkit`, the form npm uses in `dist.attestations.url`. */
export function encodeNameForPath(name: string): string {
  return name.replace('/', '%2f');
}

export function tarballUrl(name: string, version: string, origin: string = RECORDED_ORIGIN): string {
  const base = name.slice(name.lastIndexOf('/') + 1);
  return `${origin}/${name}/-/${base}-${version}.tgz`;
}

export function attestationsUrl(name: string, version: string, origin: string = RECORDED_ORIGIN): string {
  return `${origin}/-/npm/v1/attestations/${encodeNameForPath(name)}@${version}`;
}
