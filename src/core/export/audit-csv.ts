// The audit export as CSV: one row per version with the columns a spreadsheet review
// needs. RFC 4180 (CRLF, quoted fields, doubled quotes). Metadata is untrusted: bidi
// controls, invisible and control characters are neutralised as on screen (a visible
// `\u202e`, line breaks and tabs as a space: display-text.ts), and a cell that a
// spreadsheet would read as a formula is defused with a leading `'`.
import { versionFacts } from '../analysis/version-facts';
import { escapeInvisible } from '../text/display-text';
import type { PackageAnalysis, VersionView } from '../model';
import type { TrustedRootInUse } from './audit-export';

export const AUDIT_CSV_COLUMNS = [
  'version',
  'published',
  'publisher',
  'trusted publisher provider',
  'trust',
  'verification',
  'failed step',
  'failed code',
  'repository',
  'commit',
  'workflow',
  'ref',
  'trigger',
  'runner',
  'run URL',
  'Rekor log index',
  'tarball',
  'integrity',
  'findings',
  'trusted root source',
  'trusted root date',
] as const;

/** `trust`: the Sigstore trusted root the verification used (its source and date, on every row). */
export function auditCsv(analysis: PackageAnalysis, trust?: Pick<TrustedRootInUse, 'source' | 'updated'>): string {
  const trustCells = [trust?.source ?? '', trust?.updated ?? ''];
  const rows: string[][] = [
    [...AUDIT_CSV_COLUMNS],
    ...analysis.versions.map((view) => [...csvRow(view), ...trustCells]),
  ];
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

function csvRow(view: VersionView): string[] {
  const { record, verification } = view;
  const facts = versionFacts(view);
  const failed = verification?.steps.find((s) => s.outcome === 'fail');
  return [
    record.version,
    record.publishedAt ?? '',
    record.publisher?.name ?? '',
    record.publisher?.trustedPublisher ? (view.provider?.label ?? record.publisher.trustedPublisher.id) : '',
    view.trust,
    verification?.status ?? 'pending',
    failed?.step ?? '',
    failed?.code ?? '',
    facts.repository?.value ?? '',
    facts.commit?.value ?? '',
    facts.workflow?.value ?? '',
    facts.ref?.value ?? '',
    facts.trigger?.value ?? '',
    facts.runner?.value ?? '',
    facts.links.run ?? '',
    verification?.provenanceLog?.logIndex ?? '',
    record.dist.tarball ?? '',
    record.dist.integrity ?? '',
    String(view.findingIndexes.length),
  ];
}

/**
 * Characters that make Excel, LibreOffice or Sheets evaluate a cell (OWASP's list; tab
 * and carriage return cannot remain after neutralising). Checked after leading spaces
 * too, which some spreadsheets skip when they read a cell.
 */
const FORMULA_START = /^[ ]*[=+\-@]/;

/**
 * One RFC 4180 field: bidi, invisible and control characters neutralised the way the
 * screens show them (escapeInvisible: `\u202e`, line breaks and tabs become a space),
 * then defused against formula injection.
 */
export function csvCell(value: string): string {
  const neutral = escapeInvisible(value);
  const safe = FORMULA_START.test(neutral) ? `'${neutral}` : neutral;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
