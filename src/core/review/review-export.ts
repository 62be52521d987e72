// The review's exports: one JSON document with everything the screen knows, and a CSV
// with one row per entry. Same conventions as the package audit export: pure (the
// caller supplies the time and app version), `complete: false` while rows are
// pending, RFC 4180 CSV with formula-defused cells (csvCell from audit-csv).
import { csvCell } from '../export/audit-csv';
import type { LockfileFormat, NonRegistryEntry } from './lockfiles/types';
import type { PeerRequirement, UnresolvedDependency } from './resolve';
import type { Review, ReviewRow, ReviewSummary } from './review';

/** Bumped whenever a field changes meaning or goes away (adding fields does not bump it). */
export const REVIEW_EXPORT_FORMAT_VERSION = 1;

export type ReviewSource = { kind: 'lockfile'; format: LockfileFormat; fileName?: string } | { kind: 'spec'; spec: string; root: string };

export interface ReviewExport {
  formatVersion: typeof REVIEW_EXPORT_FORMAT_VERSION;
  generator: { name: 'provenance-explorer'; version: string };
  checkedAt: string;
  registry: string;
  source: ReviewSource;
  /** False while some rows were pending (history or verification not finished). */
  complete: boolean;
  summary: ReviewSummary;
  rows: ReviewRow[];
  nonRegistry: NonRegistryEntry[];
  unresolved: UnresolvedDependency[];
  peers: PeerRequirement[];
  warnings: string[];
}

export interface ReviewExportInput {
  review: Review;
  source: ReviewSource;
  registry: string;
  appVersion: string;
  checkedAt: string;
  nonRegistry?: NonRegistryEntry[];
  unresolved?: UnresolvedDependency[];
  peers?: PeerRequirement[];
  warnings?: string[];
}

export function buildReviewExport(input: ReviewExportInput): ReviewExport {
  const { review } = input;
  return {
    formatVersion: REVIEW_EXPORT_FORMAT_VERSION,
    generator: { name: 'provenance-explorer', version: input.appVersion },
    checkedAt: input.checkedAt,
    registry: input.registry,
    source: input.source,
    complete: review.rows.every((row) => row.verification !== 'pending'),
    summary: review.summary,
    rows: review.rows,
    nonRegistry: input.nonRegistry ?? [],
    unresolved: input.unresolved ?? [],
    peers: input.peers ?? [],
    warnings: input.warnings ?? [],
  };
}

export const REVIEW_CSV_COLUMNS = [
  'name',
  'version',
  'source',
  'installed as',
  'direct',
  'dev',
  'optional',
  'path',
  'trust',
  'verification',
  'failed step',
  'failed code',
  'integrity',
  'lockfile integrity',
  'registry integrity',
  'publisher',
  'trusted publisher provider',
  'repository',
  'commit',
  'install scripts',
  'findings',
  'problem',
] as const;

/** One line per registry row, then the entries not from the registry and the unresolved ones. */
export function reviewCsv(
  review: Review,
  extra: { nonRegistry?: NonRegistryEntry[]; unresolved?: UnresolvedDependency[] } = {},
): string {
  const rows: string[][] = [[...REVIEW_CSV_COLUMNS]];
  for (const row of review.rows) rows.push(csvRow(row));
  for (const entry of extra.nonRegistry ?? []) {
    rows.push(
      line({
        name: entry.name,
        version: entry.version ?? '',
        source: entry.kind,
        direct: flag(entry.direct),
        dev: flag(entry.dev),
        optional: flag(entry.optional),
        path: entry.path.join(' > '),
        verification: 'not checked',
        problem: `${entry.source}: ${entry.reason}`,
      }),
    );
  }
  for (const missing of extra.unresolved ?? []) {
    rows.push(
      line({
        name: missing.name,
        version: missing.range,
        source: 'unresolved',
        optional: flag(missing.optional),
        path: missing.path.join(' > '),
        verification: 'not checked',
        problem: `${missing.code}: ${missing.message}`,
      }),
    );
  }
  return rows.map((cells) => cells.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

type Column = (typeof REVIEW_CSV_COLUMNS)[number];

function line(values: Partial<Record<Column, string>>): string[] {
  return REVIEW_CSV_COLUMNS.map((column) => values[column] ?? '');
}

function flag(value: boolean | undefined): string {
  return value === undefined ? '' : value ? 'yes' : 'no';
}

function csvRow(row: ReviewRow): string[] {
  return line({
    name: row.name,
    version: row.version,
    source: 'registry',
    'installed as': (row.aliases ?? []).join(' '),
    direct: flag(row.direct),
    dev: flag(row.dev),
    optional: flag(row.optional),
    path: row.path.join(' > '),
    trust: row.trust,
    verification: row.verification,
    'failed step': row.failedStep?.step ?? '',
    'failed code': row.failedStep?.code ?? '',
    integrity: row.integrity.status,
    'lockfile integrity': row.lockfileIntegrity ?? '',
    'registry integrity': row.registryIntegrity ?? '',
    publisher: row.publisher ?? '',
    'trusted publisher provider': row.provider?.label ?? '',
    repository: row.repository ?? '',
    commit: row.commit ?? '',
    'install scripts': flag(row.hasInstallScripts),
    findings: row.findings.map((f) => `${f.severity} ${f.kind}: ${f.message}`).join(' | '),
    problem: row.error ? `${row.error.code}: ${row.error.message}` : '',
  });
}

/** `@scope/name@1.0.0` or `yarn-classic` → a file name without separators. */
export function reviewFileBase(label: string, checkedAt: string): string {
  const safe = label.replace(/^@/, '').replace(/\//g, '__').replace(/[^A-Za-z0-9._-]/g, '_');
  return `${safe}-review-${checkedAt.slice(0, 19).replace(/[:T]/g, '-')}`;
}
