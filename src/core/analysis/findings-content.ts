// content-mismatch: where the link between a package's contents and its source is not
// one to one. Thinking it through:
//
// - Within one packument a version number has exactly one tarball (npm never lets a
//   version number be published twice, even after an unpublish), so "the same version
//   with two different contents" cannot be observed here; and two different versions
//   always differ in content, because the version is written in the tarball's
//   package.json. So "same source, different dist.integrity" is always true for two
//   versions and is not itself the signal; what is meaningful is:
// - Same build run, two versions (the run invocation URI without its `/attempts/<n>`,
//   per the certificate, else the predicate): one workflow run published two versions
//   of THIS package (a monorepo run publishing one version each of several packages is
//   not visible here and not a concern). Usually deliberate (a release plus a
//   prerelease, or a second dist-tag): info. In different attempts of the run — the
//   re-run published another version instead of retrying the same one, so the version
//   was computed during the run — low.
// - Same commit, different runs (the certificate's source repository digest, else the
//   predicate's commit): the commit did not determine the package (its version at
//   least came from the build): usual for canary or snapshot workflows that set the
//   version in CI, or a release re-cut without a new commit, but the commit alone then
//   does not show what is in either tarball: low.
// - One tarball under two version numbers (the same dist.integrity, else the same
//   dist.shasum when neither has an integrity): the tarball's own package.json can
//   match at most one of them, and npm does not check a version's metadata against its
//   tarball (manifest confusion), so what installs is not what the registry lists for
//   at least one of them: medium. This needs no verification: it is about what the
//   registry serves.
// Only verified provenance counts for the run and the commit. Each group is one finding,
// naming its versions newest first.
import type { Finding, VersionView } from '../model';
import { listText, shortCommit } from './findings-text';
import { runAttempt } from './findings-trigger';
import { hasVerifiedProvenance } from './trust-level';

interface Built {
  view: VersionView;
  run?: { key: string; attempt?: number; source: 'certificate' | 'predicate' };
  commit?: { value: string; source: 'certificate' | 'predicate' };
}

export function findContentMismatches(history: VersionView[]): Finding[] {
  const byRun = new Map<string, Built[]>();
  const byCommit = new Map<string, Built[]>();
  const byTarball = new Map<string, VersionView[]>();
  for (const view of history) {
    const tarball =
      view.record.dist.integrity ?? (view.record.dist.shasum ? `sha1:${view.record.dist.shasum}` : undefined);
    if (tarball) push(byTarball, tarball, view);
    const verification = view.verification;
    if (!verification || !hasVerifiedProvenance(verification)) continue;
    const built: Built = { view };
    const identity = verification.identity;
    const predicate = verification.predicate;
    const runUri = identity?.runInvocationUri ?? predicate?.invocationId;
    if (runUri) {
      const parsed = runAttempt(runUri);
      built.run = {
        key: runUri.replace(/\/attempts\/\d+\/?$/, ''),
        source: identity?.runInvocationUri ? 'certificate' : 'predicate',
      };
      if (parsed) built.run.attempt = parsed.attempt;
    }
    const commit = identity?.sourceRepositoryDigest ?? predicate?.commit;
    if (commit) {
      built.commit = { value: commit, source: identity?.sourceRepositoryDigest ? 'certificate' : 'predicate' };
    }
    if (built.run) push(byRun, built.run.key, built);
    if (built.commit) push(byCommit, built.commit.value.toLowerCase(), built);
  }

  const findings: Finding[] = [];
  for (const group of byTarball.values()) {
    if (group.length >= 2) findings.push(sameTarball(group));
  }
  for (const [run, group] of byRun) {
    if (group.length >= 2) findings.push(sameRun(run, group));
  }
  for (const group of byCommit.values()) {
    if (group.length < 2) continue;
    const runs = new Set(group.map((b) => b.run?.key));
    // All from one known run: the same-run finding says it already.
    if (runs.size === 1 && !runs.has(undefined)) continue;
    findings.push(sameCommit(group));
  }
  return findings;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Versions newest first (history is oldest first). */
function newestFirst(views: VersionView[]): string[] {
  return views.map((v) => v.record.version).reverse();
}

function sourceNote(built: Built[], field: 'run' | 'commit'): string {
  const fromPredicate = built.filter((b) => b[field]?.source === 'predicate').map((b) => b.view.record.version);
  if (fromPredicate.length === 0) return 'per the signing certificates';
  return (
    `per the signing certificates; for ${listText(fromPredicate)} per the provenance predicate, because the ` +
    `certificate does not carry the ${field}`
  );
}

function sameRun(run: string, group: Built[]): Finding {
  const versions = newestFirst(group.map((b) => b.view));
  const inOrder = [...versions].reverse();
  const attempts = new Set(group.map((b) => b.run?.attempt).filter((a) => a !== undefined));
  const acrossAttempts = attempts.size > 1;
  const intro = `${listText(inOrder)} were ${inOrder.length === 2 ? 'both' : 'all'} published by one run of the release workflow (${run}, ${sourceNote(group, 'run')}).`;
  if (acrossAttempts) {
    const perAttempt = group.map((b) =>
      b.run?.attempt === undefined
        ? `${b.view.record.version} in an unnamed attempt`
        : `${b.view.record.version} in attempt ${b.run.attempt}`,
    );
    return {
      kind: 'content-mismatch',
      severity: 'low',
      versions,
      message:
        `${intro} They come from different attempts (${listText(perAttempt)}): the re-run published another ` +
        'version instead of retrying the same one, so the version was computed during the run and the attempts ' +
        'produced different packages from the same start. Check what the first attempt published and why it was re-run.',
    };
  }
  return {
    kind: 'content-mismatch',
    severity: 'info',
    versions,
    message:
      `${intro} They are different packages (different dist.integrity, as two version numbers must be). A workflow ` +
      'that publishes two versions of one package in one run is usually doing it on purpose (a release and a ' +
      'prerelease, or a version for a second dist-tag); it is shown so that each version’s provenance is read as ' +
      'describing the same build.',
  };
}

function sameCommit(group: Built[]): Finding {
  const versions = newestFirst(group.map((b) => b.view));
  const inOrder = [...versions].reverse();
  const commit = group[0]?.commit?.value ?? '';
  const runs = [...new Set(group.map((b) => b.run?.key).filter((r): r is string => r !== undefined))];
  const unnamed = group.filter((b) => !b.run).length;
  const runText =
    runs.length >= 2
      ? `by different workflow runs (${listText(runs)})`
      : runs.length === 1
        ? `by the workflow run ${runs[0]} and by ${unnamed === 1 ? 'a run' : 'runs'} the provenance does not name`
        : 'by runs the provenance does not name';
  return {
    kind: 'content-mismatch',
    severity: 'low',
    versions,
    message:
      `${listText(inOrder)} were built from the same commit ${shortCommit(commit)} (${sourceNote(group, 'commit')}) ` +
      `${runText}, yet they are different packages (different dist.integrity, as two version numbers must be). ` +
      'The version, at least, came from the build rather than from the commit: usual for canary or snapshot ' +
      'workflows that set the version in CI, or for a release re-cut without a new commit, but then the commit alone ' +
      'does not show what went into either tarball.',
  };
}

function sameTarball(group: VersionView[]): Finding {
  const versions = newestFirst(group);
  const inOrder = [...versions].reverse();
  const digest = group[0]?.record.dist.integrity ?? `sha1 ${group[0]?.record.dist.shasum ?? ''}`;
  const shown = digest.length > 30 ? `${digest.slice(0, 27)}…` : digest;
  return {
    kind: 'content-mismatch',
    severity: 'medium',
    versions,
    message:
      `${listText(inOrder)} are served with the same tarball digest (${shown}): one tarball under ` +
      `${group.length} version numbers. A tarball carries its own package.json and version, so it can match at most ` +
      'one of them, and npm does not check a version’s metadata against its tarball: for the others, what installs is ' +
      'not what the registry lists. Check which version the tarball’s package.json names before trusting the others.',
  };
}
