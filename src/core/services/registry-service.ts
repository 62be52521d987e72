// What the registry worker exposes: fetching and parsing a packument off the main
// thread (a popular package's packument is tens of megabytes of JSON), holding the full
// record there, and analysing it there. The main thread gets compact records (no
// dependencies) and the analysis's facts; a version's full record on demand.
import { analyzePackage, PREVIEW_VERSIONS } from '../analysis/analyze-package';
import { diffAnalysis, type AnalysisDelta, type SentAnalysis } from '../analysis/analysis-facts';
import type { PackageRecord, VersionRecord, VersionVerification } from '../model';
import { earlyAdopter, type EarlyResponse } from '../net/early-response';
import type { NetSettings } from '../net/net-settings';
import { parseNewestOfEnd, parseNewestVersions } from '../registry/npm-packument';
import { fetchPackage } from '../registry/npm-registry';
import { compactPackument, fetchAbbreviatedPackument } from '../review/registry-client';
import { abortableSleep } from '../util/abortable-sleep';
import { JobRegistry, type Outcome } from './job-outcome';
import { compactRecord, encodePackage, type FetchedPackage } from './package-encoding';

// The encoding is its own module (the main thread imports it without this service's
// fetching and analysis code); re-exported for the worker's and the tests' imports.
export {
  compactRecord,
  compactVersion,
  decodePackage,
  decodePackageInSteps,
  encodePackage,
  VERSIONS_PER_LINE,
  type FetchedPackage,
} from './package-encoding';

/** Full records kept in the worker (the packages opened last). */
export const RECORDS_HELD = 4;
/**
 * A held job (`fetchPackage`'s `held`) waits at most this long after its preview for
 * `release`: a screen that mounts later meets a job that went on without it.
 */
export const PREVIEW_HOLD_MS = 1_000;

/**
 * The newest versions of a package, sent before the whole record is parsed and encoded,
 * so that the first rows can be shown while the rest is encoded, moved and analysed. When
 * they could be read from the document's end before it was parsed whole, they are sent
 * first that way, without `versionCount` (provisional: see `parseNewestOfEnd`), and
 * again once the whole document is parsed.
 *
 * Sent for every package with versions, not only large ones: for a small one the record
 * follows within milliseconds, but the package screen's first render takes the preview
 * from a store (lib/registry-client.ts) and shows rows at once, where the record reaches
 * it only through the package query, after the screen has mounted and rendered once
 * without it. A link to `is-odd` (7 versions): first row 175 → 149 ms from navigation,
 * 1.31 → 1.14 times the app's boot (medians of 6 alternated runs).
 */
export type PreviewListener = (bytes: Uint8Array, versionCount?: number) => void;

export interface RegistryService {
  /**
   * The compact PackageRecord as UTF-8 JSON lines (see `encodePackage`); the worker holds
   * the full record. A structured clone of thousands of small objects cost the main
   * thread more than parsing compact JSON, and the bytes are transferred without a copy.
   * `held` (a request sent ahead of the screen that will show it): once the preview is
   * sent, the rest of the work waits for `release`, at most PREVIEW_HOLD_MS
   * (`holdAfterPreview`).
   */
  fetchPackage(
    jobId: string,
    base: string,
    name: string,
    net?: NetSettings,
    onPreview?: PreviewListener,
    held?: boolean,
  ): Promise<Outcome<FetchedPackage>>;
  /**
   * A `held` job's caller has taken it (the screen that shows the package asks for it):
   * the rest of its work goes on. See `holdAfterPreview`.
   */
  release(jobId: string): void;
  /**
   * Full records of some versions (dependencies included), from the record held, else
   * fetched again (a published version never changes). Versions the package lacks are left out.
   */
  versionRecords(
    jobId: string,
    base: string,
    name: string,
    versions: string[],
    net?: NetSettings,
  ): Promise<Outcome<VersionRecord[]>>;
  /** The whole full record as `encodePackage` lines (for the exports). */
  fullPackage(jobId: string, base: string, name: string, net?: NetSettings): Promise<Outcome<Uint8Array>>;
  /**
   * Analyses record `recordId` with the verifications of session `sessionId` so far plus
   * `added` (only the results that are new since the session's last call cross over);
   * answers with what changed since its last answer. Undefined when the record is no
   * longer held: the caller analyses on its own.
   */
  analyze(sessionId: string, recordId: number, added: VersionVerification[]): AnalysisDelta | undefined;
  /** Forgets a session's verifications. */
  endAnalysis(sessionId: string): void;
  /**
   * The abbreviated packument (npm's install document, `application/vnd.npm.install-v1+json`),
   * cut to what resolving a tree reads (compactPackument), as UTF-8 JSON.
   */
  fetchAbbreviatedPackument(jobId: string, base: string, name: string, net?: NetSettings): Promise<Outcome<Uint8Array>>;
  cancel(jobId: string): void;
}

interface Held {
  key: string;
  record: PackageRecord;
}

export interface RegistryServiceOptions {
  /** A packument request sent before the worker's code was loaded (net/early-response.ts). */
  early?: EarlyResponse;
  /** PREVIEW_HOLD_MS, for tests. */
  previewHoldMs?: number;
}

export function createRegistryService(options: RegistryServiceOptions = {}): RegistryService {
  const jobs = new JobRegistry();
  const holdMs = options.previewHoldMs ?? PREVIEW_HOLD_MS;
  /** The `release` of each held job under way. */
  const releases = new Map<string, () => void>();
  // Every packument request goes through it: it adopts the early request, if any, once.
  const packumentFetch = earlyAdopter(options.early);
  /** Full records by id, oldest first. */
  const held = new Map<number, Held>();
  const sessions = new Map<
    string,
    { recordId: number; verifications: Map<string, VersionVerification>; sent?: SentAnalysis }
  >();
  let lastId = 0;

  const hold = (key: string, record: PackageRecord): number => {
    const id = ++lastId;
    held.set(id, { key, record });
    for (const old of held.keys()) {
      if (held.size <= RECORDS_HELD) break;
      held.delete(old);
    }
    return id;
  };
  const heldRecord = (key: string): PackageRecord | undefined => {
    let found: PackageRecord | undefined;
    for (const entry of held.values()) if (entry.key === key) found = entry.record;
    return found;
  };
  const fullRecord = async (base: string, name: string, net: NetSettings | undefined, signal: AbortSignal) => {
    const key = `${base}\n${name}`;
    const record = heldRecord(key);
    if (record) return record;
    const fetched = await fetchPackage(base, name, { signal, fetchImpl: packumentFetch, ...(net ? { net } : {}) });
    hold(key, fetched);
    return fetched;
  };

  return {
    fetchPackage: (jobId, base, name, net, onPreview, held = false) => {
      // Registered now, not once the job starts: a `release` may follow this call at once.
      const released = held && onPreview ? new Promise<void>((resolve) => releases.set(jobId, resolve)) : undefined;
      let sent = false;
      let holding: Promise<void> | undefined;
      const send: PreviewListener = (bytes, versionCount) => {
        sent = true;
        onPreview?.(bytes, versionCount);
      };
      const outcome = jobs.run(jobId, async (signal) => {
        const record = await fetchPackage(base, name, {
          signal,
          fetchImpl: packumentFetch,
          ...(net ? { net } : {}),
          // The newest versions, read from the end of a document much of which is left
          // to parse, before it is parsed (not read at all without a listener).
          ...(onPreview
            ? {
                onProvisionalDocument: (doc: Record<string, unknown>, checkedName: string) => {
                  const newest = parseNewestOfEnd(doc, checkedName, PREVIEW_VERSIONS);
                  // Too few held: the number of those missing, for a longer end.
                  if (typeof newest === 'number') return newest;
                  if (newest) send(encodePackage(compactRecord(newest)));
                  return newest !== undefined;
                },
              }
            : {}),
          // The newest versions are parsed and sent first, before the thousands of others.
          onDocument: (doc, checkedName) => {
            if (!onPreview) return;
            const newest = parseNewestVersions(doc, checkedName, PREVIEW_VERSIONS);
            // None for a package without versions: its page says so once analysed.
            if (newest.versionCount > 0) send(encodePackage(compactRecord(newest.record)), newest.versionCount);
          },
          // One wait per job: the one after a provisional preview also covers the checked one.
          ...(released
            ? {
                beforeRest: () => (sent ? (holding ??= holdAfterPreview(released, holdMs, signal)) : Promise.resolve()),
              }
            : {}),
        });
        const recordId = hold(`${base}\n${name}`, record);
        return { bytes: encodePackage(compactRecord(record)), recordId };
      });
      if (released) void outcome.finally(() => releases.delete(jobId));
      return outcome;
    },
    release: (jobId) => releases.get(jobId)?.(),
    versionRecords: (jobId, base, name, versions, net) =>
      jobs.run(jobId, async (signal) => {
        const record = await fullRecord(base, name, net, signal);
        const wanted = new Set(versions);
        return record.versions.filter((version) => wanted.has(version.version));
      }),
    fullPackage: (jobId, base, name, net) =>
      jobs.run(jobId, async (signal) => encodePackage(await fullRecord(base, name, net, signal))),
    analyze(sessionId, recordId, added) {
      const entry = held.get(recordId);
      if (!entry) return undefined;
      let session = sessions.get(sessionId);
      if (!session || session.recordId !== recordId) {
        session = { recordId, verifications: new Map() };
        sessions.set(sessionId, session);
      }
      for (const result of added) session.verifications.set(result.version, result);
      const { verifications } = session;
      const { delta, sent } = diffAnalysis(
        analyzePackage(entry.record, (version) => verifications.get(version)),
        session.sent,
      );
      session.sent = sent;
      return delta;
    },
    endAnalysis: (sessionId) => void sessions.delete(sessionId),
    fetchAbbreviatedPackument: (jobId, base, name, net) =>
      jobs.run(jobId, async (signal) => {
        const packument = await fetchAbbreviatedPackument(base, name, { signal, ...(net ? { net } : {}) });
        return new TextEncoder().encode(JSON.stringify(compactPackument(packument)));
      }),
    cancel: (jobId) => jobs.cancel(jobId),
  };
}

/**
 * A held job's wait, once its preview is sent, before the rest of its work: parsing the
 * whole document (or, when the preview came from it, its records) and encoding the
 * record. Until `released` (the caller's screen asked for the package), at most `ms`; an
 * abort (`cancel`) ends it.
 *
 * Why: a shared link's request is sent at navigation (app/preload-route.ts), and for a
 * document of a few megabytes the worker has the preview long before the app has booted.
 * The rest of its work then ran during the boot, and on two cores (the page's thread,
 * this worker's, the browser's and the servers') it slowed the boot's every step: the
 * screen that shows the preview came later. The rest now runs once the screen is there.
 * Derived 3,000-version packuments of 1.1 and 3.2 MB, first row from navigation (medians
 * of 8 alternated runs): 207 → 186 ms (1.40 → 1.21 times the app's boot) and 208 → 200
 * ms (1.31 → 1.23); a fixed pause in its place had shown the same (1.39 → 1.19, 1.41 → 1.29).
 */
function holdAfterPreview(released: Promise<void>, ms: number, signal: AbortSignal): Promise<void> {
  return abortableSleep(ms, signal, released);
}
