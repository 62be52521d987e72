// unusual-trigger: how a version's build was started, per its signing certificate
// (Fulcio's source-repository-ref and build-trigger extensions, issued from the CI
// provider's own token). Only versions whose provenance verified are judged; when a
// certificate lacks a fact (certificates before mid-2023 carry no run URI, for one), the
// provenance predicate answers instead and the message says so.
//
// 1. Branch or manual build after tag builds. A build "from a tag" has a `refs/tags/…`
//    ref and was not started by hand; an unusual one was built from a branch
//    (`refs/heads/…`), a pull-request ref or another ref, or started by hand
//    (`workflow_dispatch` on GitHub, `web` on GitLab). A version is compared with the
//    previous verified build of its own kind — stable releases with stable releases,
//    prereleases with prereleases, since projects often publish canaries from a branch
//    and releases from tags:
//      medium  the first unusual build after a history of tag builds only;
//      low     the previous build was from a tag but the project has published unusual
//              builds before (the message names the last one).
//    Later unusual builds after an unusual one are the new practice: no finding.
// 2. Re-run: the run invocation URI ends in `/attempts/<n>` with n > 1: low. A re-run
//    keeps the original run's commit and workflow file, but anyone with write access
//    can start it, and it is worth knowing why the first attempt did not publish.
import type { CertificateIdentity, Finding, PredicateFacts, VersionView } from '../model';
import { day, shortRef } from './findings-text';
import { hasVerifiedProvenance } from './trust-level';

type Source = 'certificate' | 'predicate';
type RefKind = 'tag' | 'branch' | 'pull' | 'other';

/** How one verified build was started. */
interface BuildStart {
  view: VersionView;
  ref?: { value: string; kind: RefKind; source: Source };
  trigger?: { value: string; source: Source };
  manual: boolean;
}

const MANUAL_TRIGGERS = new Set(['workflow_dispatch', 'web']);

export function findUnusualTriggers(history: VersionView[]): Finding[] {
  const findings: Finding[] = [];
  const previous = new Map<string, BuildStart>();
  const lastUnusual = new Map<string, BuildStart>();
  for (const view of history) {
    const verification = view.verification;
    if (!hasVerifiedProvenance(verification) || !verification) continue;
    const rerun = rerunFinding(view, verification.identity, verification.predicate);
    if (rerun) findings.push(rerun);

    const start = buildStart(view, verification.identity, verification.predicate);
    // Neither a ref nor a trigger known: nothing to judge, and no baseline either.
    if (!start.ref && !start.trigger) continue;
    const kind = view.prerelease ? 'prerelease' : 'stable';
    const before = previous.get(kind);
    const unusual = isUnusual(start);
    if (unusual && before && isTagBuild(before)) {
      findings.push(departure(start, before, lastUnusual.get(kind), kind));
    }
    // Only a known ref counts as a baseline: a trigger alone says nothing about tags.
    if (start.ref) previous.set(kind, start);
    if (unusual) lastUnusual.set(kind, start);
  }
  return findings;
}

function buildStart(
  view: VersionView,
  identity: CertificateIdentity | undefined,
  predicate: PredicateFacts | undefined,
): BuildStart {
  const start: BuildStart = { view, manual: false };
  const ref = identity?.sourceRepositoryRef
    ? { value: identity.sourceRepositoryRef, source: 'certificate' as const }
    : predicate?.ref
      ? { value: predicate.ref, source: 'predicate' as const }
      : undefined;
  if (ref) start.ref = { ...ref, kind: refKind(ref.value) };
  const trigger = identity?.buildTrigger
    ? { value: identity.buildTrigger, source: 'certificate' as const }
    : predicate?.event
      ? { value: predicate.event, source: 'predicate' as const }
      : undefined;
  if (trigger) {
    start.trigger = trigger;
    start.manual = MANUAL_TRIGGERS.has(trigger.value);
  }
  return start;
}

function refKind(ref: string): RefKind {
  if (ref.startsWith('refs/tags/')) return 'tag';
  if (ref.startsWith('refs/heads/')) return 'branch';
  if (ref.startsWith('refs/pull/') || ref.startsWith('refs/merge-requests/')) return 'pull';
  return 'other';
}

function isTagBuild(start: BuildStart): boolean {
  return start.ref?.kind === 'tag' && !start.manual;
}

function isUnusual(start: BuildStart): boolean {
  return start.manual || (start.ref !== undefined && start.ref.kind !== 'tag');
}

function describeStart(start: BuildStart): string {
  const ref = start.ref;
  let text: string;
  if (!ref) text = 'an unrecorded ref';
  else if (ref.kind === 'tag') text = `the tag ${shortRef(ref.value)} (${ref.value})`;
  else if (ref.kind === 'branch') text = `the branch ${shortRef(ref.value)} (${ref.value})`;
  else if (ref.kind === 'pull') text = `a pull-request ref (${ref.value})`;
  else text = `the ref ${ref.value}`;
  if (start.manual) return `${text} by a manual run (${start.trigger?.value})`;
  return start.trigger ? `${text}, trigger ${start.trigger.value}` : text;
}

/** `built from a branch`, `started by hand`, or both. */
function howText(start: BuildStart): string {
  const parts: string[] = [];
  const kind = start.ref?.kind;
  if (kind === 'branch') parts.push('built from a branch');
  else if (kind === 'pull') parts.push('built from a pull-request ref');
  else if (kind === 'other') parts.push('built from a ref other than a tag');
  if (start.manual) parts.push('started by hand');
  return parts.join(' and ');
}

/** Which facts came from the predicate because the certificate lacks them. */
function predicateNote(starts: BuildStart[]): string {
  const notes: string[] = [];
  for (const s of starts) {
    const fields = [
      s.ref?.source === 'predicate' ? 'ref' : '',
      s.trigger?.source === 'predicate' ? 'trigger' : '',
    ].filter(Boolean);
    if (fields.length) notes.push(`${s.view.record.version}’s ${fields.join(' and ')}`);
  }
  return notes.length
    ? ` (per the signing certificates, except ${notes.join(' and ')}, read from the provenance predicate because the certificate does not carry it)`
    : ' (per the signing certificates)';
}

function departure(start: BuildStart, before: BuildStart, lastUnusual: BuildStart | undefined, kind: string): Finding {
  const v = start.view.record;
  const b = before.view.record;
  const kindText = kind === 'stable' ? 'stable release' : 'prerelease';
  const how = howText(start);
  const intro =
    `${v.version} (${day(v.publishedAt)}) was built from ${describeStart(start)}, while ${b.version} ` +
    `(${day(b.publishedAt)}), the previous verified ${kindText}, was built from ${describeStart(before)}` +
    `${predicateNote([start, before])}.`;
  if (!lastUnusual) {
    return {
      kind: 'unusual-trigger',
      severity: 'medium',
      versions: [v.version, b.version],
      message:
        `${intro} Every earlier verified ${kindText} was built from a tag; a release ${how} is not tied to a release ` +
        'tag and can include commits no tag marks. Projects that move to release-on-merge tools (changesets, ' +
        'semantic-release) change this way on purpose, so check whether the release process changed.',
    };
  }
  const l = lastUnusual.view.record;
  return {
    kind: 'unusual-trigger',
    severity: 'low',
    versions: [v.version, b.version, l.version],
    message:
      `${intro} The project has published ${kindText}s built this way before (last: ${l.version}, ` +
      `${day(l.publishedAt)}), so this may be its practice for some releases; a release ${how} can include commits ` +
      'no release tag marks.',
  };
}

const ATTEMPT = /\/actions\/runs\/(\d+)\/attempts\/(\d+)\/?$/;

/** `{ run, attempt }` from a GitHub run invocation URI `…/actions/runs/<id>/attempts/<n>`. */
export function runAttempt(uri: string | undefined): { run: string; attempt: number } | undefined {
  const match = uri ? ATTEMPT.exec(uri) : null;
  if (!match?.[1] || !match[2]) return undefined;
  return { run: match[1], attempt: Number(match[2]) };
}

function rerunFinding(
  view: VersionView,
  identity: CertificateIdentity | undefined,
  predicate: PredicateFacts | undefined,
): Finding | undefined {
  const fromCert = identity?.runInvocationUri;
  const uri = fromCert ?? predicate?.invocationId;
  const parsed = runAttempt(uri);
  if (!parsed || parsed.attempt <= 1) return undefined;
  const where = fromCert
    ? 'per the signing certificate'
    : 'per the provenance predicate, because the signing certificate does not carry the run';
  return {
    kind: 'unusual-trigger',
    severity: 'low',
    versions: [view.record.version],
    message:
      `${view.record.version} was built by attempt ${parsed.attempt} of workflow run ${parsed.run} (${uri}, ${where}): ` +
      'the run was re-run. Re-running a failed release job is common (a flaky test, a registry hiccup); a re-run ' +
      'keeps the original commit and workflow file, but anyone with write access can start it, so it is worth ' +
      'knowing why the first attempt did not publish.',
  };
}
