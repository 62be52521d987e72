// How a package crosses from the registry worker to the main thread: the compact record
// (no dependencies) as lines of JSON, decoded a line per step. Kept apart from the
// registry service so that the main thread's first chunk imports only this, not the
// worker's fetching and analysis code.
import type { PackageRecord, VersionRecord } from '../model';
import { decodeJsonLinesInSteps, encodeJsonLines, inLines, runToEnd } from './json-lines';

/** Versions per line of the encoded package: one line parses in a few milliseconds. */
export const VERSIONS_PER_LINE = 100;

/** A fetched package as the main thread receives it. */
export interface FetchedPackage {
  /** The compact record (`compactRecord`) as `encodePackage` lines. */
  bytes: Uint8Array;
  /** Names the full record the worker holds, for `analyze`. */
  recordId: number;
}

/** A version as the main thread holds it: everything but its dependencies. */
export function compactVersion(record: VersionRecord): VersionRecord {
  const compact = { ...record };
  delete compact.dependencies;
  return compact;
}

/** The record with compact versions (see `compactVersion`). */
export function compactRecord(record: PackageRecord): PackageRecord {
  return { ...record, versions: record.versions.map(compactVersion) };
}

/**
 * The record as lines of JSON (`encodeJsonLines`): the package without its versions,
 * then its versions in arrays of `VERSIONS_PER_LINE`; the receiver parses one line per
 * step and never holds the main thread for the whole document.
 */
export function encodePackage(record: PackageRecord): Uint8Array {
  // The head keeps an empty `versions` in its place, so the record's keys keep their order.
  return encodeJsonLines([{ ...record, versions: [] }, ...inLines(record.versions, VERSIONS_PER_LINE)]);
}

/** Decodes `encodePackage`'s bytes one line per step (yield between steps to let the page breathe). */
export function* decodePackageInSteps(bytes: Uint8Array): Generator<void, PackageRecord> {
  let head: PackageRecord | undefined;
  const versions: VersionRecord[] = [];
  yield* decodeJsonLinesInSteps(bytes, (line, index) => {
    if (index === 0) head = line as PackageRecord;
    else for (const version of line as VersionRecord[]) versions.push(version);
  });
  if (head === undefined) throw new Error('An encoded package has at least one line.');
  head.versions = versions;
  return head;
}

/** `decodePackageInSteps` in one go. */
export function decodePackage(bytes: Uint8Array): PackageRecord {
  return runToEnd(decodePackageInSteps(bytes));
}
