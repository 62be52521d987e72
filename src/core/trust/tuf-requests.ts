// The requests a TUF refresh makes first, started before the TUF client itself has loaded
// (resolve-start.ts): the repository's timestamp.json and the root version after the
// initial root's. Only their bytes are taken here, as plain Uint8Arrays: this module
// imports neither tuf-js nor `Buffer`, so that the trust worker's first part stays small
// and sends them at once. tuf-js verifies the bytes when it reaches them, in its own
// order, as it would have verified its own downloads (tuf-client.ts).
import { getBytes, type FetchLike } from '../net/http-client';
import { RegistryError } from '../net/http-errors';

export interface RequestOptions {
  /** Metadata base URL, without a trailing slash. */
  mirrorUrl: string;
  signal?: AbortSignal;
  fetchImpl?: FetchLike;
}

/** The most a metadata file or target may weigh. */
export const MAX_TARGET_BYTES = 5_000_000;

export function downloadBytes(url: string, options: Omit<RequestOptions, 'mirrorUrl'>): Promise<Uint8Array> {
  return getBytes(url, { signal: options.signal, fetchImpl: options.fetchImpl, maxBytes: MAX_TARGET_BYTES });
}

export function rootUrl(mirrorUrl: string, version: number): string {
  return `${mirrorUrl}/${version}.root.json`;
}

export function timestampUrl(mirrorUrl: string): string {
  return `${mirrorUrl}/timestamp.json`;
}

/** A root version's bytes, `absent` when the repository has none (403/404), undefined when the request failed. */
export interface EarlyRootVersion {
  version: number;
  answer: Promise<Uint8Array | 'absent' | undefined>;
}

/**
 * Root version `version` of the repository, requested now. A refresh first asks for the
 * version after its last trusted root, known once the metadata kept in IndexedDB is read;
 * most often that is the version after the initial root's (root rotations are rare), which
 * the caller knows at once: asked for then, beside the timestamp (`requestTimestamp`), it
 * saves another round trip. Only the bytes are taken; tuf-js verifies them in order, as
 * it does every new root. A request that failed is made again by the refresh.
 */
export function requestRootVersion(options: RequestOptions, version: number): EarlyRootVersion {
  return {
    version,
    answer: downloadBytes(rootUrl(options.mirrorUrl, version), options).catch((error: unknown) =>
      isAbsent(error) ? ('absent' as const) : undefined,
    ),
  };
}

/** How a repository says it has no such root version. */
export function isAbsent(error: unknown): boolean {
  return error instanceof RegistryError && (error.status === 404 || error.status === 403);
}

/**
 * The repository's timestamp.json, the file tuf-js asks for after the root versions,
 * requested now: its address depends on nothing else, and asked for at the start of a
 * refresh (beside reading the metadata kept in IndexedDB and the next root version), it
 * saves a round trip on the way to a revisit's verdicts. A request that fails answers
 * undefined: tuf-js then asks again, and its error is the one reported.
 */
export function requestTimestamp(options: RequestOptions): Promise<Uint8Array | undefined> {
  return downloadBytes(timestampUrl(options.mirrorUrl), options).catch(() => undefined);
}
