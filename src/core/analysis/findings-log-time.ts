// log-time-gap: a version's publish time (the registry's `time` entry) far from the time
// its provenance was entered in the transparency log (Rekor's integratedTime, covered by
// the log's signed entry timestamp or inclusion proof, which verification checked).
//
// `npm publish --provenance` signs the provenance in CI, logs it in Rekor and uploads at
// once, and the registry records the time when the upload lands. In the four recorded
// npm releases (sigstore 1.0.0 and 1.3.0, tuf-js 1.0.0, @playwright/cli 0.1.1), npm's
// publish attestation — signed by the registry as the upload arrives — was logged 2 to
// 4 seconds after the provenance. Both clocks are servers' clocks kept by NTP (skew well
// under a second), so only the time to upload explains a gap, and a slow upload of a
// big tarball takes minutes. LOG_TIME_GAP_MS (one hour) leaves a wide margin for that
// and for retries, and still catches an attestation made well before the upload (a
// provenance file produced in CI and published later with `--provenance-file`, from
// another machine: the attestation vouches for the build, not for the publish) or a
// `time` entry that a registry or mirror changed.
//
// Severity medium; low for a staged publish (`_npmUser.approver`), where the wait for a
// maintainer's approval can separate the upload from the release. Only versions whose
// provenance verified are judged: an unverified log time proves nothing.
import type { Finding, VersionView } from '../model';
import { duration, logTimeMs, timeOf, utc } from './findings-text';
import { hasVerifiedProvenance } from './trust-level';

export const LOG_TIME_GAP_MS = 60 * 60 * 1000;

export function findLogTimeGaps(history: VersionView[]): Finding[] {
  const findings: Finding[] = [];
  for (const view of history) {
    const verification = view.verification;
    if (!hasVerifiedProvenance(verification)) continue;
    const logged = logTimeMs(verification?.provenanceLog?.integratedTime);
    const published = timeOf(view.record.publishedAt);
    if (!Number.isFinite(logged) || !Number.isFinite(published)) continue;
    const gap = published - logged;
    if (Math.abs(gap) <= LOG_TIME_GAP_MS) continue;

    const version = view.record.version;
    const index = verification?.provenanceLog?.logIndex;
    const order =
      gap > 0
        ? `${duration(gap)} earlier. npm signs and logs the provenance as part of \`npm publish\`, so the two are normally ` +
          'seconds to a few minutes apart; an attestation made this long before the upload was produced in one place and ' +
          'published later, perhaps elsewhere: it vouches for the build, not for who published it.'
        : `${duration(gap)} after the version was published. An attestation cannot be added to a published version, so ` +
          'the registry’s publish time is probably wrong here (a registry or mirror that rewrote `time`).';
    const publishLogged = logTimeMs(verification?.publishLog?.integratedTime);
    const publishNote = Number.isFinite(publishLogged)
      ? ` npm’s own publish attestation was logged ${utc(publishLogged, true)}, ${duration(publishLogged - published)} ` +
        `${publishLogged >= published ? 'after' : 'before'} the publish time.`
      : '';
    const staged = view.record.publisher?.approver !== undefined;
    findings.push({
      kind: 'log-time-gap',
      severity: staged ? 'low' : 'medium',
      versions: [version],
      message:
        `${version} was published ${utc(published, true)}, but its provenance was entered in the transparency log ` +
        `${utc(logged, true)}${index ? ` (Rekor index ${index})` : ''}, ${order}${publishNote}` +
        (staged
          ? ` It was a staged publish approved by "${view.record.publisher?.approver?.name}": the wait for approval can explain the gap.`
          : ''),
    });
  }
  return findings;
}
