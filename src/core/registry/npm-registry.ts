// Everything npm-specific about talking to a registry: its paths, its packument, its
// attestations endpoint and its keys. PyPI and RubyGems publish Sigstore attestations
// too; a second registry would be a sibling of this module with the same functions.
import semverValid from 'semver/functions/valid.js';
import type { PackageRecord, VersionRecord } from '../model';
import { getJson } from '../net/http-client';
import { RegistryError } from '../net/http-errors';
import type { ProvisionalVerdict, SplitMember } from '../net/json-reader';
import { DEFAULT_ATTESTATIONS_TOTAL_TIMEOUT_MS, DEFAULT_PACKUMENT_TOTAL_TIMEOUT_MS } from '../net/timeouts';
import { checkPackageName } from './package-name';
import { parsePackument } from './npm-packument';
import { normalizeRegistryUrl } from './registry-url';
import { attestationBase, requestOptions, type RequestOptions } from './registry-request';

// npm's keys and the request options live in their own modules (the main thread fetches
// the keys without this module's packument parser); re-exported for this module's users.
export {
  combineRegistryKeys,
  fetchRegistryKeys,
  fetchRegistryKeysResponse,
  keysUrl,
  type RegistryKeysResponse,
} from './npm-registry-keys';
export type { RequestOptions } from './registry-request';

const ATTESTATIONS_PATH = '/-/npm/v1/attestations/';

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
 * `dist.attestations.url` names the registry that recorded the packument. We fetch from
 * the configured registry instead (a mirror, the fixture registry), keeping the path's
 * `<name>@<version>` part; a URL without the known path is rebuilt from name@version, so
 * metadata can never point the app at another host.
 */
export function attestationsUrl(base: string, record: Pick<VersionRecord, 'name' | 'version' | 'dist'>): string {
  const claimed = record.dist.attestations?.url;
  if (claimed) {
    try {
      const { pathname } = new URL(claimed);
      const at = pathname.indexOf(ATTESTATIONS_PATH);
      if (at >= 0) {
        const spec = pathname.slice(at + ATTESTATIONS_PATH.length);
        if (spec && !spec.includes('..')) return `${base}${ATTESTATIONS_PATH}${spec}`;
      }
    } catch {
      // Not a URL: rebuilt below.
    }
  }
  return `${base}${ATTESTATIONS_PATH}${encodePackageName(record.name)}@${encodeURIComponent(record.version)}`;
}

export async function fetchPackage(
  base: string,
  rawName: string,
  options: RequestOptions & {
    /** Called with the checked document before it is parsed (to parse some of it first). */
    onDocument?: (doc: unknown, name: string) => void;
    /**
     * Called, for a large document, before it is parsed whole, with a PROVISIONAL document:
     * its top-level members, and only the last of its versions, read from its end and not
     * checked against the whole (`GetJsonOptions.onProvisional`). For a first look only.
     * What it answers decides what is read next (`ProvisionalVerdict`).
     */
    onProvisionalDocument?: (doc: Record<string, unknown>, name: string) => ProvisionalVerdict;
    /**
     * Awaited after `onProvisionalDocument` took a document and after `onDocument`, before
     * the rest is parsed: the caller may hold that work back. A rejection ends the load.
     */
    beforeRest?: () => Promise<void>;
  } = {},
): Promise<PackageRecord> {
  const check = checkPackageName(rawName);
  if (!check.ok) {
    throw new RegistryError({
      code: 'INVALID_NAME',
      message: `"${check.name}" is not a valid npm package name.`,
      problems: check.problems,
    });
  }
  const url = packumentUrl(normalizeRegistryUrl(base), check.name);
  try {
    // The full document: the abbreviated install form lacks `time` and `_npmUser`.
    const { body } = await getJson(url, {
      ...requestOptions(options, DEFAULT_PACKUMENT_TOTAL_TIMEOUT_MS),
      accept: 'application/json',
      split: VERSIONS_SPLIT,
      ...(options.onProvisionalDocument
        ? {
            onProvisional: (doc: Record<string, unknown>) => {
              // A document naming another package is refused once parsed: not shown before.
              if (typeof doc.name === 'string' && doc.name !== check.name) return true;
              return options.onProvisionalDocument?.(doc, check.name) ?? true;
            },
            ...(options.beforeRest ? { afterProvisional: options.beforeRest } : {}),
          }
        : {}),
    });
    if (typeof body !== 'object' || body === null || Array.isArray(body) || !('versions' in body)) {
      throw new RegistryError({
        code: 'MALFORMED_RESPONSE',
        message: 'The registry answered with a document that is not a packument (it has no "versions").',
        url,
      });
    }
    const documentName = (body as { name?: unknown }).name;
    if (typeof documentName === 'string' && documentName !== check.name) {
      throw new RegistryError({
        code: 'MALFORMED_RESPONSE',
        message: `Asked for "${check.name}", the registry answered with the packument of "${documentName}".`,
        url,
      });
    }
    options.onDocument?.(body, check.name);
    await options.beforeRest?.();
    return parsePackument(body, check.name);
  } catch (error) {
    if (error instanceof RegistryError && error.code === 'NOT_FOUND') {
      throw new RegistryError({
        code: 'NOT_FOUND',
        message: `The registry has no package named "${check.name}".`,
        url,
        status: 404,
      });
    }
    throw error;
  }
}

/**
 * A packument's versions are parsed while the document downloads, in runs ending before
 * a key that is a version number (npm publishes only valid semver versions).
 */
const VERSIONS_SPLIT: SplitMember = { name: 'versions', likelyKey: (key) => semverValid(key) !== null };

/** The raw attestations response; the verifier reads it defensively. */
export async function fetchAttestations(
  base: string,
  record: Pick<VersionRecord, 'name' | 'version' | 'dist'>,
  options: RequestOptions = {},
): Promise<unknown> {
  const url = attestationsUrl(attestationBase(base, options.net), record);
  const { body } = await getJson(url, {
    ...requestOptions(options, DEFAULT_ATTESTATIONS_TOTAL_TIMEOUT_MS),
    accept: 'application/json',
  });
  return body;
}
