// The analysis as it crosses from the registry worker to the main thread: what the
// analysis derived about each version, without the version's record or verification
// (the main thread holds both already), plus the findings and the summary. The main
// thread puts the views back together with `viewsFromFacts`.
import type { PackageAnalysis, VersionRecord, VersionVerification, VersionView } from '../model';

/** A view without its record and verification; `version` says which record it belongs to. */
export type VersionFacts = Omit<VersionView, 'record' | 'verification'> & { version: string };

export interface AnalysisFacts {
  versions: VersionFacts[];
  findings: PackageAnalysis['findings'];
  summary: PackageAnalysis['summary'];
}

export function analysisFacts(analysis: PackageAnalysis): AnalysisFacts {
  return {
    versions: analysis.versions.map(({ record, verification: _verification, ...facts }) => ({
      ...facts,
      version: record.version,
    })),
    findings: analysis.findings,
    summary: analysis.summary,
  };
}

/**
 * The analysis again, from its facts, the records they were derived from (in the same
 * order: newest first) and the verifications the analysis saw. Throws when the records
 * are not the analysed ones.
 */
export function analysisFromFacts(
  facts: AnalysisFacts,
  records: readonly VersionRecord[],
  verificationOf: (version: string) => VersionVerification | undefined,
): PackageAnalysis {
  if (facts.versions.length !== records.length) {
    throw new Error(`The analysis covers ${facts.versions.length} versions, the record ${records.length}.`);
  }
  const versions = facts.versions.map(({ version, ...derived }, index): VersionView => {
    const record = records[index] as VersionRecord;
    if (record.version !== version) throw new Error(`The analysis and the record disagree at ${version}.`);
    const view: VersionView = { record, ...derived };
    const verification = verificationOf(version);
    if (verification) view.verification = verification;
    return view;
  });
  return { versions, findings: facts.findings, summary: facts.summary };
}
