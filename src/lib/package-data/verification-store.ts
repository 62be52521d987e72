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
  key: string;
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

const entries = new Map<string, Entry>();
const listeners = new Set<(event: VerificationEvent) => void>();

function keyOf(base: string, record: Pick<VersionRecord, 'name' | 'version' | 'dist'>): string {
  // The integrity is part of the key: a registry that changes a tarball gets a new check.
  return `${base}\n${record.name}\n${record.version}\n${record.dist.integrity ?? ''}`;
}

/** False while nothing was verified in this session: no need to look each version up. */
export function hasCachedVerifications(): boolean {
  return entries.size > 0;
}

export function cachedVerification(base: string, record: VersionRecord): VersionVerification | undefined {
  return entries.get(keyOf(base, record))?.result;
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
        if (entries.get(entry.key) === entry) entries.delete(entry.key);
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
  const key = keyOf(base, record);
  const existing = entries.get(key);
  if (existing?.result) return Promise.resolve(existing.result);
  if (lease.isReleased) return Promise.reject(aborted());
  const entry = existing?.promise ? existing : startEntry(key, base, keys, record);
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
 * one are left to `requestVerification`.
 */
export async function adoptStoredVerdicts(base: string, keys: RegistryKey[], records: VersionRecord[]): Promise<void> {
  const todo = records.filter((record) => !entries.has(keyOf(base, record)));
  if (todo.length === 0) return;
  const lookup = verdictLookup();
  // Asked for a slice at a time (thousands of lookups in one task were a long task); the
  // verdicts found still reach the store together, below.
  const asked: Promise<VersionVerification | undefined>[] = [];
  for (let next = 0; next < todo.length;) {
    const deadline = performance.now() + ADOPT_SLICE_MS;
    do {
      const record = todo[next++];
      if (record) asked.push(lookup.find(base, keys, record));
    } while (next < todo.length && performance.now() < deadline);
    if (next < todo.length) await new Promise((resolve) => setTimeout(resolve, 0));
  }
  const found = await Promise.all(asked);
  found.forEach((result, i) => {
    const record = todo[i];
    if (!result || !record) return;
    const key = keyOf(base, record);
    // A job started meanwhile (another screen) answers for itself.
    if (entries.has(key)) return;
    entries.set(key, { key, result, waiting: 0 });
    emit({ base, name: record.name, version: record.version, result });
  });
}

/** Lookups are asked for this long per task. */
const ADOPT_SLICE_MS = 8;

function startEntry(key: string, base: string, keys: RegistryKey[], record: VersionRecord): Entry {
  const controller = new AbortController();
  const entry: Entry = { key, controller, waiting: 0 };
  entry.promise = verdictLookup()
    .find(base, keys, record)
    .then((stored) => stored ?? verifierPool().verify(base, keys, record, controller.signal))
    .then(
      (result) => {
        entry.result = result;
        entry.promise = undefined;
        entry.controller = undefined;
        emit({ base, name: record.name, version: record.version, result });
        return result;
      },
      (error: unknown) => {
        // A cancelled job leaves no trace: the next request starts it again.
        if (entries.get(key) === entry) entries.delete(key);
        const failure = error instanceof Error ? error : new Error(String(error));
        if (!(error instanceof RegistryError && error.code === 'ABORTED')) {
          emit({ base, name: record.name, version: record.version, error: failure });
        }
        throw failure;
      },
    );
  // Callers that give up get their own rejection; this one must not go unhandled.
  entry.promise.catch(() => undefined);
  entries.set(key, entry);
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
  verdictLookup().prefetch(base, currentNetSettings().attestationProxy, name);
}

/**
 * Forgets the verdicts kept between visits, and this session's results, so that every
 * version is verified again. Answers how many stored verdicts there were.
 */
export async function clearCachedVerifications(): Promise<number> {
  for (const [key, entry] of entries) if (entry.result) entries.delete(key);
  return verdictLookup().clear();
}

function aborted(): RegistryError {
  return new RegistryError({ code: 'ABORTED', message: 'The request was cancelled.' });
}

function emit(event: VerificationEvent): void {
  for (const listener of listeners) listener(event);
}
