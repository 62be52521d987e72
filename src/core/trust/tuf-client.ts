// Follows a TUF repository with tuf-js, the TUF project's own client (the one
// @sigstore/tuf and the npm CLI use): root rotation, timestamp → snapshot → targets,
// thresholds, expiry and rollback checks, delegations, length and hash checks of the
// targets. Chosen over @freedomofpress/tuf-browser, which is browser-first but a 0.1.x
// volunteer project without an audit, with no delegations, its own `fetch` calls (no
// AbortSignal, so no bound on a stalled request) and 75 of 108 TUF conformance tests.
//
// tuf-js is written for Node; three seams make it run in a browser worker without a
// file system, and none of them touches a verification step:
// - the fetcher is ours (src/core/net's `getBytes`, with an AbortSignal);
// - the metadata it reads and persists goes to a Map that the caller loads from and
//   saves to IndexedDB (`loadLocalMetadata` / `persistMetadata` overridden);
// - targets are downloaded here (tuf-js writes them to a file) and checked with the
//   library's own `TargetFile.verify` (length and every hash).
// Its signature checks use `crypto`, which the browser build aliases to the app's shim
// (ECDSA P-256/P-384 and Ed25519, the key types TUF repositories of Sigstore use).
import { Buffer } from 'buffer';
import { Updater, type Fetcher, type TargetFile, type UpdaterOptions } from 'tuf-js';
import { getBytes, type FetchLike } from '../net/http-client';
import type { AsyncSignatureRunner } from '../verify/native-signatures';
import { signedOf, tufVersions } from './kept-unchanged';
import type { TufVersions } from './trust-state';
import {
  downloadBytes,
  isAbsent,
  requestTimestamp,
  rootUrl,
  timestampUrl,
  type EarlyRootVersion,
} from './tuf-requests';

export { requestRootVersion, requestTimestamp, type EarlyRootVersion } from './tuf-requests';

export interface TufRefreshOptions {
  /** Metadata base URL, without a trailing slash. */
  mirrorUrl: string;
  /** Metadata verified earlier (role → text); `root` must be present (the initial or last trusted root). */
  metadata: Map<string, string>;
  /** Targets verified earlier (path → text); reused when they still match the targets metadata. */
  targets: Map<string, string>;
  /** No network: only what `metadata` and `targets` hold (an earlier visit's verified copy). */
  offline?: boolean;
  /**
   * The repository's timestamp.json, asked for by the caller ahead of the refresh
   * (`requestTimestamp`): its bytes only, verified by tuf-js when it reaches them. Without
   * it, the refresh asks for it at once, beside the next root version.
   */
  timestamp?: Promise<Uint8Array | undefined>;
  /**
   * A root version asked for by the caller ahead of the refresh (`requestRootVersion`),
   * used if it is the first one the refresh looks for (the version after the root in
   * `metadata`), else left aside.
   */
  nextRoot?: EarlyRootVersion;
  /**
   * In the browser, the signature checks in two passes with its native crypto
   * (`createAsyncNativeSignatureRunner`); without it, each check is computed when tuf-js
   * makes it (Node's crypto, or the shim's JS code).
   */
  signatures?: AsyncSignatureRunner;
  signal?: AbortSignal;
  fetchImpl?: FetchLike;
}

export interface TufRefreshResult {
  files: Map<string, string>;
  versions: TufVersions;
}

/** Which file the client was working on when it failed, for the message. */
export class TufStepError extends Error {
  constructor(
    readonly step: string,
    readonly reason: unknown,
  ) {
    super(reason instanceof Error ? reason.message : String(reason));
    this.name = 'TufStepError';
  }
}

export class MissingTargetError extends Error {
  override name = 'MissingTargetError';
}

/** The part of tuf-js's Updater that this module drives or overrides (the overridden methods are private in its types). */
interface UpdaterSeams {
  refresh(): Promise<void>;
  getTargetInfo(targetPath: string): Promise<TargetFile | undefined>;
  loadLocalMetadata(fileName: string): Buffer;
  persistMetadata(name: string, bytes: Buffer): void;
}
type UpdaterConstructor = new (options: UpdaterOptions) => UpdaterSeams;

/** Root versions followed in one refresh at most (Sigstore's repository is at 14 after five years). */
const MAX_ROOT_ROTATIONS = 64;

/** Refreshes the metadata and returns the verified content of each requested target. */
export async function refreshTuf(options: TufRefreshOptions, targetPaths: string[]): Promise<TufRefreshResult> {
  const { metadata, targets, mirrorUrl } = options;
  let step = 'the TUF metadata';
  const download = async (url: string) => asBuffer(await downloadBytes(url, options));

  // The new root versions the repository has (N+1, N+2, … until a 403/404), fetched here
  // so that tuf-js is told exactly how many rotations to verify (`maxRootRotations`)
  // and never has to recognise a 404 by its own error class (which a bundler may have
  // duplicated). tuf-js then verifies each of them, in order, as usual.
  const prefetched = new Map<string, Buffer>();
  let early: { url: string; bytes: Buffer | undefined } | undefined;
  if (!options.offline) {
    const timestamp = options.timestamp ?? requestTimestamp(options);
    const current = Number(signedOf(metadata.get('root'))?.version);
    const first = (Number.isSafeInteger(current) ? current : 0) + 1;
    for (let version = first; prefetched.size < MAX_ROOT_ROTATIONS; version++) {
      const url = rootUrl(mirrorUrl, version);
      step = `root version ${version}`;
      const asked = version === options.nextRoot?.version ? await options.nextRoot.answer : undefined;
      if (asked === 'absent') break;
      if (asked) {
        prefetched.set(url, asBuffer(asked));
        continue;
      }
      try {
        prefetched.set(url, await download(url));
      } catch (error) {
        if (isAbsent(error)) break;
        throw new TufStepError(step, error);
      }
    }
    const bytes = await timestamp;
    early = { url: timestampUrl(mirrorUrl), bytes: bytes && asBuffer(bytes) };
  }

  // What the rehearsal of the refresh downloaded (below), for the real pass to take.
  const rehearsed = new Map<string, Buffer>();
  const fetcherFor = (rehearsal: boolean): Fetcher => ({
    downloadBytes: async (url) => {
      if (!rehearsal) step = stepOf(url);
      const ready = prefetched.get(url) ?? (url === early?.url ? early.bytes : undefined) ?? rehearsed.get(url);
      if (ready) return ready;
      if (options.offline) throw new Error('no network in offline mode');
      // Lengths are capped by tuf-js from the metadata; getBytes reads no further.
      const bytes = await download(url);
      if (rehearsal) rehearsed.set(url, bytes);
      return bytes;
    },
    downloadFile: () => Promise.reject(new Error('not used: targets are downloaded by refreshTuf')),
  });

  /** tuf-js's updater over `held` (role → text), refreshed: what it reads and persists stays in `held`. */
  const refreshOver = async (held: Map<string, string>, rehearsal: boolean): Promise<UpdaterSeams> => {
    class MapUpdater extends (Updater as unknown as UpdaterConstructor) {
      override loadLocalMetadata(fileName: string): Buffer {
        const text = held.get(fileName);
        if (text === undefined) throw new Error(`no local ${fileName}.json`);
        return Buffer.from(text, 'utf8');
      }
      override persistMetadata(name: string, bytes: Buffer): void {
        held.set(name, bytes.toString('utf8'));
      }
    }
    // The constructor checks the initial (or last trusted) root's own signatures.
    if (!rehearsal) step = 'the initial root';
    const refreshing = new MapUpdater({
      metadataDir: '(memory)',
      metadataBaseUrl: mirrorUrl,
      targetBaseUrl: `${mirrorUrl}/targets`,
      fetcher: fetcherFor(rehearsal),
      forceCache: options.offline ?? false,
      config: { fetchRetry: 0, maxRootRotations: prefetched.size },
    });
    if (!rehearsal) step = 'the TUF metadata';
    await refreshing.refresh();
    return refreshing;
  };

  let updater: UpdaterSeams;
  try {
    updater = options.signatures
      ? // The signature checks resolved ahead by the browser's native crypto: a rehearsal
        // on a copy of the metadata, whose outcome is thrown away, then the refresh
        // itself (core/verify/native-signatures.ts).
        await options.signatures.run(
          () => refreshOver(new Map(metadata), true),
          () => refreshOver(metadata, false),
        )
      : await refreshOver(metadata, false);
  } catch (error) {
    throw new TufStepError(step, error);
  }

  /** The target's verified text: the copy kept from an earlier visit if it still matches, else downloaded and checked. */
  const fetchTarget = async (path: string, info: TargetFile, step: string): Promise<[string, string]> => {
    const known = targets.get(path);
    if (known !== undefined && (await matches(info, Buffer.from(known, 'utf8')))) return [path, known];
    if (options.offline) throw new TufStepError(step, new Error(`no verified copy of ${path} in this browser`));
    const url = targetUrl(`${mirrorUrl}/targets`, info, consistentSnapshot(metadata));
    let bytes: Buffer;
    try {
      bytes = Buffer.from(
        await getBytes(url, { signal: options.signal, fetchImpl: options.fetchImpl, maxBytes: info.length }),
      );
      await info.verify(chunks(bytes));
    } catch (error) {
      throw new TufStepError(step, error);
    }
    const text = bytes.toString('utf8');
    targets.set(path, text);
    return [path, text];
  };

  // Each target's info in turn (tuf-js may load delegated metadata for it), its download
  // started as soon as its info is known: the targets arrive together, in one round trip.
  // Failures are reported in the order of `targetPaths`, as if they were fetched in turn.
  const fetches: Promise<[string, string]>[] = [];
  const fetchedInOrder = async (): Promise<[string, string][]> => {
    for (const result of await Promise.allSettled(fetches)) if (result.status === 'rejected') throw result.reason;
    return Promise.all(fetches);
  };
  for (const path of targetPaths) {
    const targetStep = `the target ${path}`;
    let info: TargetFile | undefined;
    try {
      info = await updater.getTargetInfo(path);
    } catch (error) {
      await fetchedInOrder();
      throw new TufStepError(targetStep, error);
    }
    if (!info) {
      // The targets before it are kept first (a repository without npm's keys still gives its root).
      await fetchedInOrder();
      throw new MissingTargetError(`The repository's targets do not list ${path}.`);
    }
    const fetching = fetchTarget(path, info, targetStep);
    fetching.catch(() => undefined); // Reported in order, by fetchedInOrder.
    fetches.push(fetching);
  }
  return { files: new Map(await fetchedInOrder()), versions: tufVersions(metadata) };
}

/** The bytes as the Buffer tuf-js reads (metadata files: a few kilobytes to copy). */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes);
}

async function matches(info: TargetFile, bytes: Buffer): Promise<boolean> {
  try {
    await info.verify(chunks(bytes));
    return true;
  } catch {
    return false;
  }
}

/** TargetFile.verify reads a Node stream with `for await`; one chunk is the whole file. */
function chunks(bytes: Buffer): Parameters<TargetFile['verify']>[0] {
  return (async function* () {
    yield bytes;
  })() as unknown as Parameters<TargetFile['verify']>[0];
}

/**
 * The target's address as tuf-js's `downloadTarget` builds it (TUF spec 5.7.3): with
 * consistent snapshots the file name is prefixed with the first of its hashes.
 */
function targetUrl(base: string, info: TargetFile, consistent: boolean): string {
  let path = info.path;
  if (consistent) {
    const hash = Object.values(info.hashes)[0];
    const slash = path.lastIndexOf('/');
    path = slash < 0 ? `${hash}.${path}` : `${path.slice(0, slash + 1)}${hash}.${path.slice(slash + 1)}`;
  }
  return `${base}/${path.split('/').map(encodeURIComponent).join('/')}`;
}

function consistentSnapshot(metadata: Map<string, string>): boolean {
  return signedOf(metadata.get('root'))?.consistent_snapshot === true;
}

function stepOf(url: string): string {
  const name = decodeURIComponent(url.slice(url.lastIndexOf('/') + 1));
  const root = /^(\d+)\.root\.json$/.exec(name);
  if (root) return `root version ${root[1]}`;
  const role = /^(?:\d+\.)?(timestamp|snapshot|targets|[^/]+)\.json$/.exec(name);
  return role ? `${role[1]}.json` : name;
}
