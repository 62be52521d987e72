// Every version's verification, once per session: a published version's attestations
// never change, so a result is kept for as long as the page lives and shared by every
// screen that shows the version (timeline, detail, compare, audit, export). Between
// sessions, final verdicts are kept in IndexedDB (verdict-lookup.ts): they are looked up
// here, before the version goes to the verifier pool, so a revisit fetches no attestation.
// This is the one entry every screen verifies through.
//
// A plain store rather than one react-query query per version: starting thousands of
// queries cost over a millisecond each on the main thread (the timeline of a 3,000-version
// package paid seconds for it). The detail screens still use react-query, through
// `verificationQueryOptions`, whose query function asks this store.
import type { VersionRecord, VersionVerification } from '../../core/model';
import { RegistryError } from '../../core/net/http-errors';
import type { RegistryKey } from '../../core/registry/npm-keys';
import { currentNetSettings } from '../net-settings';
import { trustedRootState } from '../trust-client';
import { verifierPool } from '../verifier-pool';
import { preloadRegistryKeys } from './registry-keys';
import { verdictLookup } from './verdict-lookup';

interface Entry {
  /** The package's entries (by version) this one is kept in. */
  versions: Map<string, Entry>;
  version: string;
  /** The integrity it was asked for: a registry that changes a tarball gets a new check. */
  integrity: string;
  result?: VersionVerification;
  error?: Error;
  promise?: Promise<VersionVerification>;
  controller?: AbortController;
  /** Callers still waiting; when the last one gives up, the job is cancelled. */
  waiting: number;
}

export interface VerificationEvent {
  base: string;
  name: string;
  version: string;
  result?: VersionVerification;
  error?: Error;
}

/**
 * Entries by registry and package, then by version. Not one map keyed by a string joining
 * the registry, name, version and integrity: building and hashing thousands of those
 * strings (the integrity alone is 95 characters) was most of a 3,000-version package's
 * adoption task, and its garbage.
 */
const packages = new Map<string, Map<string, Entry>>();
const listeners = new Set<(event: VerificationEvent) => void>();
/**
 * Records whose stored verdict was just looked up by `adoptStoredVerdicts` and not found:
 * their job does not ask again (once). A miss only means verifying.
 */
const lookedUp = new WeakSet<VersionRecord>();

function packageKey(base: string, name: string): string {
  return `${base}\n${name}`;
}

/** The last package asked for: a package's thousands of versions are asked for in a row. */
let lastPackage: { base: string; name: string; versions: Map<string, Entry> } | undefined;

function versionsOf(base: string, name: string): Map<string, Entry> | undefined {
  if (lastPackage && lastPackage.base === base && lastPackage.name === name) return lastPackage.versions;
  const versions = packages.get(packageKey(base, name));
  if (versions) lastPackage = { base, name, versions };
  return versions;
}

/** The entry for this version and integrity, if any. */
function entryOf(base: string, record: Pick<VersionRecord, 'name' | 'version' | 'dist'>): Entry | undefined {
  const entry = versionsOf(base, record.name)?.get(record.version);
  return entry && entry.integrity === (record.dist.integrity ?? '') ? entry : undefined;
}

function newEntry(base: string, record: Pick<VersionRecord, 'name' | 'version' | 'dist'>): Entry {
  let versions = versionsOf(base, record.name);
  if (!versions) {
    versions = new Map();
    packages.set(packageKey(base, record.name), versions);
  }
  const entry: Entry = { versions, version: record.version, integrity: record.dist.integrity ?? '', waiting: 0 };
  versions.set(record.version, entry);
  return entry;
}

/** Takes `entry` out of the store, unless another one has replaced it. */
function forget(entry: Entry): void {
  if (entry.versions.get(entry.version) === entry) entry.versions.delete(entry.version);
}

/** False while nothing of this package was verified in this session: no need to look each version up. */
export function hasCachedVerifications(base: string, name: string): boolean {
  return (packages.get(packageKey(base, name))?.size ?? 0) > 0;
}

export function cachedVerification(base: string, record: VersionRecord): VersionVerification | undefined {
  return entryOf(base, record)?.result;
}

export function subscribeVerifications(listener: (event: VerificationEvent) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * A caller's interest in some verifications. Releasing it cancels the jobs nobody else
 * waits for. One lease for a whole package: a listener per job on one AbortSignal made
 * starting 3,000 jobs quadratic.
 */
export class VerificationLease {
  private readonly held = new Set<Entry>();
  private released = false;

  get isReleased(): boolean {
    return this.released;
  }

  hold(entry: Entry): void {
    if (this.released || this.held.has(entry)) return;
    this.held.add(entry);
    entry.waiting += 1;
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    for (const entry of this.held) {
      entry.waiting -= 1;
      if (entry.waiting === 0 && entry.controller) {
        // Forget it now, not when its rejection arrives: a request in between must start
        // a new job rather than join one that is being cancelled.
        forget(entry);
        entry.controller.abort();
      }
    }
    this.held.clear();
  }
}

/** The version's verification: cached, already running, or started now in the worker pool. */
export function requestVerification(
  base: string,
  keys: RegistryKey[],
  record: VersionRecord,
  lease: VerificationLease,
): Promise<VersionVerification> {
  const existing = entryOf(base, record);
  if (existing?.result) return Promise.resolve(existing.result);
  if (lease.isReleased) return Promise.reject(aborted());
  const entry = existing?.promise ? existing : startEntry(base, keys, record);
  lease.hold(entry);
  return entry.promise as Promise<VersionVerification>;
}

/** `requestVerification` for one caller with an AbortSignal (react-query's query functions). */
export function requestVerificationWithSignal(
  base: string,
  keys: RegistryKey[],
  record: VersionRecord,
  signal: AbortSignal,
): Promise<VersionVerification> {
  const lease = new VerificationLease();
  signal.addEventListener('abort', () => lease.release(), { once: true });
  if (signal.aborted) lease.release();
  return new Promise((resolve, reject) => {
    signal.addEventListener('abort', () => reject(aborted()), { once: true });
    requestVerification(base, keys, record, lease).then(resolve, reject);
  });
}

/**
 * Reads the stored verdicts (earlier visits) of these versions in one batch and gives them
 * to every screen at once, before any of their jobs start: a revisit shows all its
 * verdicts together rather than as the jobs are started. Never rejects; versions without
 * one are left to `requestVerification` (whose job then does not look them up again).
 */
export async function adoptStoredVerdicts(base: string, keys: RegistryKey[], records: VersionRecord[]): Promise<void> {
  // Only versions without a result or a job in this session; most often all of them.
  const first = records[0];
  const known = first ? versionsOf(base, first.name) : undefined;
  const todo = known?.size ? records.filter((record) => !entryOf(base, record)) : records;
  if (todo.length === 0) return;
  // Only the versions the package has stored verdicts for are keyed (a first visit: none),
  // a slice at a time; what is found still reaches the store together, below.
  const found = await verdictLookup().findMany(base, keys, todo);
  for (let i = 0; i < todo.length; i++) {
    const record = todo[i] as VersionRecord;
    const result = found[i];
    // A job started meanwhile (another screen) answers for itself.
    if (entryOf(base, record)) continue;
    if (!result) {
      lookedUp.add(record);
      continue;
    }
    newEntry(base, record).result = result;
    emit({ base, name: record.name, version: record.version, result });
  }
}

function startEntry(base: string, keys: RegistryKey[], record: VersionRecord): Entry {
  const controller = new AbortController();
  const entry = newEntry(base, record);
  entry.controller = controller;
  const verify = () => verifierPool().verify(base, keys, record, controller.signal);
  // Looked up by the adoption just before: not again (once; a later job asks again), and
  // queued now, not in a microtask: the caller's slices (use-package-verifications.ts)
  // time the work they start, and 3,000 queued continuations ran after the slice, in one
  // long task.
  const verified = lookedUp.delete(record)
    ? verify()
    : verdictLookup()
        .find(base, keys, record)
        .then((verdict) => verdict ?? verify());
  entry.promise = verified.then(
      (result) => {
        entry.result = result;
        entry.promise = undefined;
        entry.controller = undefined;
        emit({ base, name: record.name, version: record.version, result });
        return result;
      },
      (error: unknown) => {
        // A cancelled job leaves no trace: the next request starts it again.
        forget(entry);
        const failure = error instanceof Error ? error : new Error(String(error));
        if (!(error instanceof RegistryError && error.code === 'ABORTED')) {
          emit({ base, name: record.name, version: record.version, error: failure });
        }
        throw failure;
      },
    );
  // Callers that give up get their own rejection; this one must not go unhandled.
  entry.promise.catch(() => undefined);
  return entry;
}

/** Opens the stored verdicts' database ahead of the first lookup. */
export function prepareVerificationStore(): void {
  verdictLookup();
}

/**
 * What verifying a package of `base` (or reading its verdicts back) waits for, started at
 * navigation (app/preload-route.ts) in parallel with the packument: the trusted root in
 * use, npm's keys, the package's stored verdicts. A revisit then shows its verdicts as
 * soon as the rows are there.
 */
export function preloadVerifications(base: string, name: string): void {
  void trustedRootState();
  preloadRegistryKeys(base);
  // Opening the database and asking for the package's verdicts in a task of their own:
  // together with the keys' request they made one long task at navigation.
  prefetchStoredVerdicts(base, name);
}

/**
 * Reads the package's stored verdicts (one read, by scope), in a task of its own; the
 * returned function cancels it if it has not started. A second read of the same package
 * within seconds is the first one's (verdict-lookup.ts).
 */
export function prefetchStoredVerdicts(base: string, name: string): () => void {
  const attestationProxy = currentNetSettings().attestationProxy;
  const timer = setTimeout(() => verdictLookup().prefetch(base, attestationProxy, name), 0);
  return () => clearTimeout(timer);
}

/** Whether the package has verdicts kept from an earlier visit (whatever their keys); never rejects. */
export function hasStoredVerdicts(base: string, name: string): Promise<boolean> {
  return verdictLookup().hasStored(base, currentNetSettings().attestationProxy, name);
}

/**
 * Forgets the verdicts kept between visits, and this session's results, so that every
 * version is verified again. Answers how many stored verdicts there were.
 */
export async function clearCachedVerifications(): Promise<number> {
  for (const versions of packages.values()) {
    for (const [version, entry] of versions) if (entry.result) versions.delete(version);
  }
  return verdictLookup().clear();
}

function aborted(): RegistryError {
  return new RegistryError({ code: 'ABORTED', message: 'The request was cancelled.' });
}

function emit(event: VerificationEvent): void {
  for (const listener of listeners) listener(event);
}
