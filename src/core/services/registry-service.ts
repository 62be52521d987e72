// What the registry worker exposes: fetching and parsing a packument off the main
// thread (a popular package's packument is tens of megabytes of JSON).
import type { PackageRecord, VersionRecord } from '../model';
import type { NetSettings } from '../net/net-settings';
import { fetchPackage } from '../registry/npm-registry';
import { compactPackument, fetchAbbreviatedPackument } from '../review/registry-client';
import { JobRegistry, type Outcome } from './job-outcome';

/** Versions per line of the encoded package: one line parses in a few milliseconds. */
export const VERSIONS_PER_LINE = 100;
/** Above this many versions, the newest are sent ahead of the rest (`onPreview`). */
export const PREVIEW_ABOVE = 400;
/** How many: more than a screenful of rows. */
export const PREVIEW_VERSIONS = 50;

/**
 * The newest versions of a large package, sent before the whole record is encoded, so
 * that the first rows can be shown while the rest is encoded, moved and analysed.
 */
export type PreviewListener = (bytes: Uint8Array, versionCount: number) => void;
const NEWLINE = 0x0a;

export interface RegistryService {
  /**
   * The PackageRecord as UTF-8 JSON lines (see `encodePackage`). A structured clone of
   * thousands of small objects cost the main thread more than parsing compact JSON, and
   * the bytes can be transferred to it without a copy.
   */
  fetchPackage(
    jobId: string,
    base: string,
    name: string,
    net?: NetSettings,
    onPreview?: PreviewListener,
  ): Promise<Outcome<Uint8Array>>;
  /**
   * The abbreviated packument (npm's install document, `application/vnd.npm.install-v1+json`),
   * cut to what resolving a tree reads (compactPackument), as UTF-8 JSON.
   */
  fetchAbbreviatedPackument(jobId: string, base: string, name: string, net?: NetSettings): Promise<Outcome<Uint8Array>>;
  cancel(jobId: string): void;
}

export function createRegistryService(): RegistryService {
  const jobs = new JobRegistry();
  return {
    fetchPackage: (jobId, base, name, net, onPreview) =>
      jobs.run(jobId, async (signal) => {
        const record = await fetchPackage(base, name, { signal, ...(net ? { net } : {}) });
        if (onPreview && record.versions.length > PREVIEW_ABOVE) {
          onPreview(
            encodePackage({ ...record, versions: record.versions.slice(0, PREVIEW_VERSIONS) }),
            record.versions.length,
          );
        }
        return encodePackage(record);
      }),
    fetchAbbreviatedPackument: (jobId, base, name, net) =>
      jobs.run(jobId, async (signal) => {
        const packument = await fetchAbbreviatedPackument(base, name, { signal, ...(net ? { net } : {}) });
        return new TextEncoder().encode(JSON.stringify(compactPackument(packument)));
      }),
    cancel: (jobId) => jobs.cancel(jobId),
  };
}

/**
 * The record as lines of JSON: the package without its versions, then its versions in
 * arrays of `VERSIONS_PER_LINE`. JSON.stringify never writes a raw newline, so a newline
 * byte always ends a line; the receiver parses one line per step and never holds the
 * main thread for the whole document.
 */
export function encodePackage(record: PackageRecord): Uint8Array {
  const { versions } = record;
  // The head keeps an empty `versions` in its place, so the record's keys keep their order.
  const lines = [JSON.stringify({ ...record, versions: [] })];
  for (let i = 0; i < versions.length; i += VERSIONS_PER_LINE) {
    lines.push(JSON.stringify(versions.slice(i, i + VERSIONS_PER_LINE)));
  }
  return new TextEncoder().encode(lines.join('\n'));
}

/** Decodes `encodePackage`'s bytes one line per step (yield between steps to let the page breathe). */
export function* decodePackageInSteps(bytes: Uint8Array): Generator<void, PackageRecord> {
  const decoder = new TextDecoder();
  let start = 0;
  let head: PackageRecord | undefined;
  const versions: VersionRecord[] = [];
  while (start <= bytes.length) {
    let end = bytes.indexOf(NEWLINE, start);
    if (end === -1) end = bytes.length;
    const value: unknown = JSON.parse(decoder.decode(bytes.subarray(start, end)));
    if (head === undefined) head = value as PackageRecord;
    else for (const version of value as VersionRecord[]) versions.push(version);
    start = end + 1;
    if (start <= bytes.length) yield;
  }
  if (head === undefined) throw new Error('An encoded package has at least one line.');
  head.versions = versions;
  return head;
}

/** `decodePackageInSteps` in one go. */
export function decodePackage(bytes: Uint8Array): PackageRecord {
  const steps = decodePackageInSteps(bytes);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}
