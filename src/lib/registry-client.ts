// The main thread's way to load a package: the packument is fetched and parsed in a
// worker, so that a 20 MB document never blocks the page.
import { transfer, wrap, type Remote } from 'comlink';
import type { EncodedAnalysisDelta } from '../core/analysis/analysis-facts';
import type { PackageRecord, VersionRecord, VersionVerification } from '../core/model';
import { RegistryError } from '../core/net/http-errors';
import type { Outcome } from '../core/services/job-outcome';
import { decodePackage, decodePackageInSteps, type FetchedPackage } from '../core/services/package-encoding';
import type { RegistryWorkerApi } from '../workers/registry.worker';
import { takeEarlyRegistryWorker } from './early-request';
import { currentNetSettings } from './net-settings';
import { runInSlices } from './slices';
import { nextJobId, untilAborted, unwrapOutcome, withCancellation, workerFailure } from './worker-rpc';

interface Connection {
  remote: Remote<RegistryWorkerApi>;
  failed: Promise<never>;
}

let connection: Connection | undefined;

function connect(): Connection {
  if (!connection) {
    // A shared link's worker, started by index.html with the packument request (lib/early-request.ts).
    const worker =
      takeEarlyRegistryWorker() ??
      new Worker(new URL('../workers/registry.worker.ts', import.meta.url), {
        type: 'module',
        name: 'registry',
      });
    const failed = workerFailure(worker, 'registry worker');
    failed.catch(() => {
      connection = undefined;
    });
    connection = { remote: wrap<RegistryWorkerApi>(worker), failed };
  }
  return connection;
}

/**
 * Starts the registry worker ahead of the first search, so that loading and compiling
 * it is not on the path from typing a name to seeing its timeline.
 */
export function prewarmRegistryWorker(): void {
  connect();
}

/** A request in the worker: its job id (to cancel it) and its outcome. */
interface Job {
  jobId: string;
  connection: Connection;
  outcome: Promise<Outcome<FetchedPackage>>;
}

/**
 * `held`: a request started ahead of the screen that will show it (`preloadPackage`); once
 * its preview is sent, the worker holds the rest of its work back until it is adopted
 * (`adopt`), so that the work does not compete with the app's boot (registry-service.ts,
 * `holdAfterPreview`).
 */
function startJob(base: string, name: string, withPreview = true, held = false): Job {
  const current = connect();
  const jobId = nextJobId('package');
  const key = `${base}\n${name}`;
  if (!withPreview) {
    return {
      jobId,
      connection: current,
      outcome: current.remote.fetchPackage(jobId, base, name, currentNetSettings()),
    };
  }
  // The newest versions of a package arrive first, on a port of their own.
  const channel = new MessageChannel();
  channel.port1.onmessage = (event: MessageEvent<{ bytes: Uint8Array; versionCount?: number }>) => {
    const { bytes, versionCount } = event.data;
    // A provisional preview (no count) is followed by the checked one.
    if (versionCount !== undefined) channel.port1.close();
    setPreview(key, { record: decodePackage(bytes), ...(versionCount !== undefined ? { versionCount } : {}) });
  };
  const outcome = current.remote.fetchPackage(
    jobId,
    base,
    name,
    currentNetSettings(),
    transfer(channel.port2, [channel.port2]),
    held,
  );
  // A load that fails leaves no preview behind (a provisional one is not checked).
  void outcome
    .then(
      (result) => {
        if (!result.ok) forgetPreview(key);
      },
      () => forgetPreview(key),
    )
    .finally(() => channel.port1.close());
  return { jobId, connection: current, outcome };
}

/**
 * The newest versions of a package (and how many it has in all), decoded ahead of
 * the whole record: the package page shows them as its first rows while the rest is
 * decoded and analysed. Kept for the last few packages, by `base\nname`.
 */
export interface PackagePreview {
  record: PackageRecord;
  /** Unknown while the preview is provisional (read from the document's end, before the whole was parsed). */
  versionCount?: number;
}

const previews = new Map<string, PackagePreview>();
const previewListeners = new Set<() => void>();
const PREVIEWS_KEPT = 2;

function setPreview(key: string, preview: PackagePreview): void {
  previews.delete(key);
  previews.set(key, preview);
  for (const old of previews.keys()) {
    if (previews.size <= PREVIEWS_KEPT) break;
    previews.delete(old);
  }
  for (const listener of previewListeners) listener();
}

function forgetPreview(key: string): void {
  if (!previews.delete(key)) return;
  for (const listener of previewListeners) listener();
}

export function packagePreview(base: string, name: string): PackagePreview | undefined {
  return previews.get(`${base}\n${name}`);
}

export function subscribePreviews(listener: () => void): () => void {
  previewListeners.add(listener);
  return () => previewListeners.delete(listener);
}

/** A request started before any screen asked for it, by `base\nname`, waiting to be adopted. */
const early = new Map<string, Job>();
/** An early request nobody adopts within this time is forgotten (its bytes with it). */
const EARLY_ADOPTION_MS = 60_000;

/**
 * Starts loading a package now, before the screen that shows it renders: the entry module
 * calls it for the route of the address being opened, the shell for an in-app navigation
 * to a package the query cache lacks (app/preload-navigation.ts). The first `loadPackage`
 * for the same registry and name, the package query's, adopts this request instead of
 * making its own: one request per navigation, started at navigation.
 */
export function preloadPackage(base: string, name: string): void {
  const key = `${base}\n${name}`;
  // On its way already: preloaded, or fetched for the review (held, or in flight).
  if (early.has(key) || fetchedBytes.has(key) || bytesInFlight.has(key)) return;
  const job = startJob(base, name, true, true);
  job.outcome.catch(() => undefined); // Seen by whoever adopts it.
  early.set(key, job);
  setTimeout(() => {
    if (early.get(key) === job) early.delete(key);
  }, EARLY_ADOPTION_MS);
}

/** The early request for `key`, taken out of `early`: the worker goes on with the rest of its work. */
function adopt(key: string): Job | undefined {
  const job = early.get(key);
  early.delete(key);
  if (job) void job.connection.remote.release(job.jobId);
  return job;
}

/** Loads the person cancelled (the Cancel button), by `base\nname`. */
const userCancels = new Map<string, Set<() => void>>();

export async function loadPackage(base: string, name: string, signal?: AbortSignal): Promise<PackageRecord> {
  const key = `${base}\n${name}`;
  // Fetched already for the review: decoded here, not fetched again.
  const kept = fetchedBytes.get(key);
  if (kept) {
    forgetBytes(key);
    return decodeHeld(kept, signal);
  }
  const inFlight = bytesInFlight.get(key);
  if (inFlight) return adoptInFlight(key, name, inFlight, signal);
  // Taken out of `early` in any case; adopted only by a caller that can still use it.
  const taken = adopt(key);
  const adopted = signal?.aborted ? undefined : taken;
  const {
    jobId,
    connection: { remote, failed },
    outcome,
  } = adopted ?? startJob(base, name);
  let cancelledByUser!: () => void;
  // Not a react-query cancellation, which would leave the screen "loading" with no
  // request running: the load fails with ABORTED, which the screen shows with a retry.
  const cancelled = new Promise<never>((_, reject) => {
    cancelledByUser = () => {
      void remote.cancel(jobId);
      reject(new RegistryError({ code: 'ABORTED', message: `Loading ${name} was cancelled.` }));
    };
  });
  const cancels = userCancels.get(key) ?? new Set();
  cancels.add(cancelledByUser);
  userCancels.set(key, cancels);
  try {
    return await withCancellation(
      signal,
      () => void remote.cancel(jobId),
      async () => {
        const fetched = unwrapOutcome(await Promise.race([outcome, failed, cancelled]));
        return await Promise.race([decodeHeld(fetched, signal), cancelled]);
      },
    );
  } finally {
    cancels.delete(cancelledByUser);
    if (cancels.size === 0) userCancels.delete(key);
  }
}

/** The id of the full record the worker holds for a record `loadPackage` returned. */
const heldRecords = new WeakMap<PackageRecord, number>();

export function heldRecordId(pkg: PackageRecord): number | undefined {
  return heldRecords.get(pkg);
}

/**
 * Analyses, in the worker, the full record behind `pkg` with the verifications of
 * session `sessionId` so far plus `added`: what changed since the session's last answer,
 * its changed facts encoded (`decodeAnalysisDeltaInSteps`). Undefined when the worker no
 * longer holds the record.
 */
export async function analyzeInWorker(
  sessionId: string,
  pkg: PackageRecord,
  added: VersionVerification[],
): Promise<EncodedAnalysisDelta | undefined> {
  const recordId = heldRecords.get(pkg);
  if (recordId === undefined) return undefined;
  const { remote, failed } = connect();
  return Promise.race([remote.analyze(sessionId, recordId, added), failed]);
}

export function endAnalysisInWorker(sessionId: string): void {
  void connection?.remote.endAnalysis(sessionId);
}

/** The full records (dependencies included) of some versions of a package. */
export async function loadVersionRecords(
  base: string,
  name: string,
  versions: string[],
  signal?: AbortSignal,
): Promise<VersionRecord[]> {
  const { remote, failed } = connect();
  const jobId = nextJobId('versions');
  return withCancellation(
    signal,
    () => void remote.cancel(jobId),
    async () =>
      unwrapOutcome(
        await Promise.race([remote.versionRecords(jobId, base, name, versions, currentNetSettings()), failed]),
      ),
  );
}

/** The whole full record of a package (for the exports). */
export async function loadFullPackage(base: string, name: string, signal?: AbortSignal): Promise<PackageRecord> {
  const { remote, failed } = connect();
  const jobId = nextJobId('full-package');
  return withCancellation(
    signal,
    () => void remote.cancel(jobId),
    async () => {
      const bytes = unwrapOutcome(
        await Promise.race([remote.fullPackage(jobId, base, name, currentNetSettings()), failed]),
      );
      return decodeBetweenTasks(bytes, signal);
    },
  );
}

/**
 * Encoded packages (encodePackage's bytes) fetched for a caller that decodes them
 * elsewhere, the review worker, by `base\nname`: the package query adopts them (decoded
 * when a screen shows the package) instead of fetching again. Bounded by total size,
 * oldest out first.
 */
const fetchedBytes = new Map<string, FetchedPackage>();
const bytesInFlight = new Map<string, Promise<FetchedPackage>>();
let fetchedTotal = 0;
const FETCHED_BYTES_KEPT = 128 * 1024 * 1024;

function keepBytes(key: string, fetched: FetchedPackage): void {
  forgetBytes(key);
  fetchedBytes.set(key, fetched);
  fetchedTotal += fetched.bytes.byteLength;
  for (const [old] of fetchedBytes) {
    if (fetchedTotal <= FETCHED_BYTES_KEPT) break;
    forgetBytes(old);
  }
}

function forgetBytes(key: string): void {
  const fetched = fetchedBytes.get(key);
  if (!fetched) return;
  fetchedBytes.delete(key);
  fetchedTotal -= fetched.bytes.byteLength;
}

/**
 * The package as the registry worker encodes it (a copy the caller may transfer),
 * without decoding it on this thread: for the review worker, which decodes its own.
 * Fetched once per session: a later `loadPackage` of the same package adopts these
 * bytes. Aborting `signal` stops waiting; the request finishes for the cache.
 */
export async function loadPackageBytes(base: string, name: string, signal?: AbortSignal): Promise<Uint8Array> {
  const key = `${base}\n${name}`;
  const kept = fetchedBytes.get(key);
  if (kept) return kept.bytes.slice();
  let pending = bytesInFlight.get(key);
  if (!pending) {
    const adopted = adopt(key);
    const { outcome, connection: current } = adopted ?? startJob(base, name, false);
    pending = Promise.race([outcome, current.failed]).then((result) => {
      const fetched = unwrapOutcome(result);
      keepBytes(key, fetched);
      return fetched;
    });
    const settled = () => {
      if (bytesInFlight.get(key) === pending) bytesInFlight.delete(key);
    };
    pending.then(settled, settled);
    bytesInFlight.set(key, pending);
  }
  return (await untilAborted(pending, signal)).bytes.slice();
}

/**
 * The abbreviated packument (npm's install document), cut to what resolving a tree
 * reads, as UTF-8 JSON from the registry worker. The caller caches it (the review's query).
 */
export async function loadAbbreviatedPackument(base: string, name: string, signal?: AbortSignal): Promise<Uint8Array> {
  const { remote, failed } = connect();
  const jobId = nextJobId('abbreviated');
  return withCancellation(
    signal,
    () => void remote.cancel(jobId),
    async () =>
      unwrapOutcome(
        await Promise.race([remote.fetchAbbreviatedPackument(jobId, base, name, currentNetSettings()), failed]),
      ),
  );
}

/** The review's request for the same package, adopted; the Cancel button still stops waiting. */
async function adoptInFlight(
  key: string,
  name: string,
  inFlight: Promise<FetchedPackage>,
  signal?: AbortSignal,
): Promise<PackageRecord> {
  let cancelledByUser!: () => void;
  const cancelled = new Promise<never>((_, reject) => {
    cancelledByUser = () => reject(new RegistryError({ code: 'ABORTED', message: `Loading ${name} was cancelled.` }));
  });
  const cancels = userCancels.get(key) ?? new Set();
  cancels.add(cancelledByUser);
  userCancels.set(key, cancels);
  try {
    const fetched = await Promise.race([untilAborted(inFlight, signal), cancelled]);
    forgetBytes(key);
    return await Promise.race([decodeHeld(fetched, signal), cancelled]);
  } finally {
    cancels.delete(cancelledByUser);
    if (cancels.size === 0) userCancels.delete(key);
  }
}

/** Decodes a fetched package (between tasks) and remembers which full record the worker holds for it. */
async function decodeHeld({ bytes, recordId }: FetchedPackage, signal?: AbortSignal): Promise<PackageRecord> {
  const record = await decodeBetweenTasks(bytes, signal);
  heldRecords.set(record, recordId);
  return record;
}

/** Decodes the worker's bytes a slice at a time, each slice in its own task. */
function decodeBetweenTasks(bytes: Uint8Array, signal?: AbortSignal): Promise<PackageRecord> {
  return runInSlices(decodePackageInSteps(bytes), SLICE_MS, signal);
}

/** A decoding slice stops after this long, then lets the page breathe. */
const SLICE_MS = 12;

/** Stops loading a package now: the loads under way fail with ABORTED. */
export function cancelPackageLoad(base: string, name: string): void {
  const key = `${base}\n${name}`;
  const pending = early.get(key);
  if (pending) {
    early.delete(key);
    void pending.connection.remote.cancel(pending.jobId);
  }
  for (const cancel of userCancels.get(key) ?? []) cancel();
}
