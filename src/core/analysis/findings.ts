// Where the chain of custody weakens or changes. Each finding names the versions it
// compares and says, in a sentence, what changed and the context that explains it,
// so that a reviewer is not alarmed without reason.
import type { Finding, Severity, TrustLevel, VersionView } from '../model';
import { asSentence, day } from './findings-text';
import { isCorsRefusal } from '../net/http-errors';
import { canonicalRepositoryUrl, sameRepository, workflowPathFromUri } from './source-url';
import { describeTrust, hasVerifiedProvenance, TRUST_RANK } from './trust-level';

/** Views in publish order, oldest first, with the facts the rules compare. */
type Chronological = VersionView[];

export function findTrustDowngrades(history: Chronological): Finding[] {
  const findings: Finding[] = [];
  // Strongest settled level so far, per release line and kind (stable / prerelease):
  // a prerelease is compared with prereleases of its line, a stable with stables.
  const strongest = new Map<string, VersionView>();
  // Strongest so far over the whole package, for versions whose own line never had it.
  let strongestAnywhere: VersionView | undefined;
  for (const view of history) {
    const settled = !view.trustPending && view.verification?.status !== 'unavailable';
    const key = `${view.releaseLine}|${view.prerelease ? 'pre' : 'stable'}`;
    const best = strongest.get(key);
    if (settled && best && TRUST_RANK[view.trust] < TRUST_RANK[best.trust]) {
      findings.push(lineDowngrade(view, best));
    } else if (
      settled &&
      view.trust === 'none' &&
      !view.prerelease &&
      strongestAnywhere &&
      TRUST_RANK[strongestAnywhere.trust] >= TRUST_RANK.provenance &&
      (!best || TRUST_RANK[best.trust] === TRUST_RANK.none)
    ) {
      findings.push(packageGap(view, strongestAnywhere));
    }
    if (!settled) continue;
    // `>=`: among equally strong versions the latest is the most telling comparison.
    if (!best || TRUST_RANK[view.trust] >= TRUST_RANK[best.trust]) strongest.set(key, view);
    if (!view.prerelease && (!strongestAnywhere || TRUST_RANK[view.trust] >= TRUST_RANK[strongestAnywhere.trust])) {
      strongestAnywhere = view;
    }
  }
  return findings;
}

function lineDowngrade(view: VersionView, best: VersionView): Finding {
  if (best.trust === 'staged' && view.trust === 'trusted-publisher' && hasVerifiedProvenance(view.verification)) {
    return stagedToTrustedPublisher(view, best);
  }
  const dropsToNothing = view.trust === 'none';
  const severity: Severity = dropsToNothing ? 'high' : 'medium';
  const line = `${view.releaseLine}.x${view.prerelease ? ' prerelease' : ''} line`;
  const why = dropsToNothing
    ? view.verification?.status === 'failed'
      ? 'its attestations failed verification'
      : view.record.dist.attestations
        ? 'its provenance could not be verified'
        : 'it was published without provenance'
    : `it has ${describeTrust(view.trust)} only`;
  return {
    kind: 'trust-downgrade',
    severity,
    versions: [view.record.version, best.record.version],
    message:
      `${view.record.version} (${day(view.record.publishedAt)}) is weaker than earlier releases of its ${line}: ` +
      `${why}, while ${best.record.version} (${day(best.record.publishedAt)}) had ${describeTrust(best.trust)}. ` +
      `Check how ${view.record.version} was built and published.`,
  };
}

/**
 * A staged publish followed by a plain trusted publish keeps verified provenance: the
 * build is still proven, only the (unsigned) approval step was skipped. Users of pnpm's
 * `no-downgrade` and of npmx reported exactly this as a false alarm, so it is low.
 */
function stagedToTrustedPublisher(view: VersionView, best: VersionView): Finding {
  const line = `${view.releaseLine}.x${view.prerelease ? ' prerelease' : ''} line`;
  return {
    kind: 'trust-downgrade',
    severity: 'low',
    versions: [view.record.version, best.record.version],
    message:
      `${view.record.version} (${day(view.record.publishedAt)}) was published by trusted publishing without the ` +
      `staged approval that ${best.record.version} (${day(best.record.publishedAt)}) of its ${line} had. Its ` +
      `provenance still verifies, so where and how it was built is as proven as before; only the maintainer's ` +
      `approval step (recorded by the registry, not signed) is missing.`,
  };
}

function packageGap(view: VersionView, best: VersionView): Finding {
  return {
    kind: 'trust-downgrade',
    severity: 'low',
    versions: [view.record.version, best.record.version],
    message:
      `${view.record.version} (${day(view.record.publishedAt)}) has no verified provenance although ` +
      `${best.record.version} of another release line, published ${day(best.record.publishedAt)}, had ` +
      `${describeTrust(best.trust)}. Its own ${view.releaseLine}.x line never had provenance, so this is not a ` +
      `downgrade of the line: backports from an old branch often lack the newer release workflow.`,
  };
}

export function findPublisherChanges(history: Chronological): Finding[] {
  const findings: Finding[] = [];
  const seenAccounts = new Map<string, VersionView>();
  let onlyTrustedPublishing = true;
  let previous: VersionView | undefined;
  for (const view of history) {
    const publisher = view.record.publisher;
    if (!publisher) {
      previous = view;
      continue;
    }
    const viaCi = publisher.trustedPublisher !== undefined;
    if (previous && !viaCi && onlyTrustedPublishing) {
      findings.push({
        kind: 'publisher-change',
        severity: 'high',
        versions: [view.record.version, previous.record.version],
        message:
          `${view.record.version} was published by the account "${publisher.name}" with a token, in a history ` +
          `that until then was published only by trusted publishing (last: ${previous.record.version}, ` +
          `${day(previous.record.publishedAt)}). A person's token bypasses the CI identity; confirm the maintainers meant to.`,
      });
    } else if (!viaCi && previous?.record.publisher?.trustedPublisher) {
      const returning = seenAccounts.has(publisher.name);
      findings.push({
        kind: 'publisher-change',
        severity: 'medium',
        versions: [view.record.version, previous.record.version],
        message:
          `${view.record.version} was published by the account "${publisher.name}" with a token, right after ` +
          `${previous.record.version} (${day(previous.record.publishedAt)}) was published by trusted publishing` +
          (returning ? ` (the account published earlier versions too).` : `, and the account is new to this package.`) +
          ' Going back from a CI identity to a token is worth a question to the maintainers.',
      });
    } else if (!viaCi && previous && !seenAccounts.has(publisher.name)) {
      const known = [...seenAccounts.keys()].filter(
        (name) => !seenAccounts.get(name)?.record.publisher?.trustedPublisher,
      );
      findings.push({
        kind: 'publisher-change',
        severity: 'medium',
        versions: [view.record.version, previous.record.version],
        message:
          `${view.record.version} is the first version published by the account "${publisher.name}"` +
          (known.length ? `; earlier versions were published by ${quoteList(known)}.` : '.') +
          ' A new publisher is often a new maintainer; check that the account belongs to the project.',
      });
    } else if (viaCi && previous && !seenAccounts.has(trustedKey(view))) {
      const first = ![...seenAccounts.values()].some((v) => v.record.publisher?.trustedPublisher);
      if (first) {
        findings.push({
          kind: 'publisher-change',
          severity: 'info',
          versions: [view.record.version, previous.record.version],
          message:
            `${view.record.version} is the first version published by trusted publishing ` +
            `(${view.provider?.label ?? publisher.trustedPublisher?.id}); earlier versions were published with a ` +
            `person's token. This strengthens the chain of custody: no long-lived token was used.`,
        });
      }
    }
    if (!viaCi) onlyTrustedPublishing = false;
    seenAccounts.set(viaCi ? trustedKey(view) : publisher.name, view);
    previous = view;
  }
  return findings;
}

function trustedKey(view: VersionView): string {
  return `trusted-publisher:${view.record.publisher?.trustedPublisher?.id ?? ''}`;
}

export function findSourceChanges(history: Chronological): Finding[] {
  const findings: Finding[] = [];
  let previous: VersionView | undefined;
  for (const view of history) {
    if (!hasVerifiedProvenance(view.verification) || !view.verification?.identity) continue;
    if (previous?.verification?.identity) {
      const a = previous.verification.identity;
      const b = view.verification.identity;
      const versions = [view.record.version, previous.record.version];
      if (sameRepository(a.sourceRepositoryUri, b.sourceRepositoryUri) === false) {
        findings.push({
          kind: 'source-change',
          severity: 'high',
          versions,
          message:
            `${view.record.version} was built from ${canonicalRepositoryUrl(b.sourceRepositoryUri)}, but ` +
            `${previous.record.version} from ${canonicalRepositoryUrl(a.sourceRepositoryUri)} (both per the signing ` +
            `certificate). A moved or renamed repository explains this; a fork publishing the package does not.`,
        });
      } else {
        const wa = workflowPathFromUri(a.buildConfigUri, a.sourceRepositoryUri);
        const wb = workflowPathFromUri(b.buildConfigUri, b.sourceRepositoryUri);
        if (wa && wb && wa !== wb) {
          findings.push({
            kind: 'source-change',
            severity: 'medium',
            versions,
            message:
              `${view.record.version} was built by the workflow ${wb}, ${previous.record.version} by ${wa}. ` +
              'A new release workflow deserves a look: it decides what goes into the package.',
          });
        }
      }
      const ca = previous.record.publisher?.trustedPublisher?.oidcConfigId;
      const cb = view.record.publisher?.trustedPublisher?.oidcConfigId;
      if (ca && cb && ca !== cb) {
        findings.push({
          kind: 'source-change',
          severity: 'medium',
          versions,
          message:
            `The trusted-publisher configuration changed between ${previous.record.version} (${ca}) and ` +
            `${view.record.version} (${cb}): a maintainer re-created the link between the package and its CI.`,
        });
      }
    }
    previous = view;
  }
  return findings;
}

export function findSelfHostedRunners(history: Chronological): Finding[] {
  return history
    .filter(
      (view) =>
        hasVerifiedProvenance(view.verification) && view.verification?.identity?.runnerEnvironment === 'self-hosted',
    )
    .map((view) => ({
      kind: 'self-hosted-runner' as const,
      severity: 'medium' as const,
      versions: [view.record.version],
      message:
        `${view.record.version} was built on a self-hosted runner (per the signing certificate). The project, not ` +
        'the CI provider, controls that machine, so the provenance says less about the build environment.',
    }));
}

export function findIdentityMismatches(history: Chronological): Finding[] {
  const findings: Finding[] = [];
  for (const view of history) {
    const verification = view.verification;
    if (verification?.status !== 'verified' || !verification.identity) continue;
    const cert = verification.identity;
    const predicate = verification.predicate;
    const version = view.record.version;
    const certRepo = canonicalRepositoryUrl(cert.sourceRepositoryUri);
    const problems: { severity: Severity; text: string }[] = [];
    if (predicate?.repository && sameRepository(predicate.repository, cert.sourceRepositoryUri) === false) {
      problems.push({
        severity: 'high',
        text: `the provenance predicate names the repository ${predicate.repository}, the certificate ${certRepo}`,
      });
    }
    if (predicate?.commit && cert.sourceRepositoryDigest && predicate.commit !== cert.sourceRepositoryDigest) {
      problems.push({
        severity: 'high',
        text: `the predicate names commit ${predicate.commit}, the certificate ${cert.sourceRepositoryDigest}`,
      });
    }
    if (predicate?.ref && cert.sourceRepositoryRef && predicate.ref !== cert.sourceRepositoryRef) {
      problems.push({
        severity: 'high',
        text: `the predicate names ref ${predicate.ref}, the certificate ${cert.sourceRepositoryRef}`,
      });
    }
    const certWorkflow = workflowPathFromUri(cert.buildConfigUri, cert.sourceRepositoryUri);
    if (predicate?.workflowPath && certWorkflow && predicate.workflowPath !== certWorkflow) {
      problems.push({
        severity: 'high',
        text: `the predicate names workflow ${predicate.workflowPath}, the certificate ${certWorkflow}`,
      });
    }
    if (view.record.repositoryUrl && sameRepository(view.record.repositoryUrl, cert.sourceRepositoryUri) === false) {
      problems.push({
        severity: 'medium',
        text: `package.json's repository.url is ${view.record.repositoryUrl}, but the certificate says it was built from ${certRepo} (repository.url is written by the publisher and is not verified)`,
      });
    }
    if (view.record.gitHead && cert.sourceRepositoryDigest && view.record.gitHead !== cert.sourceRepositoryDigest) {
      problems.push({
        severity: 'medium',
        text: `gitHead is ${view.record.gitHead}, but the certificate says commit ${cert.sourceRepositoryDigest} was built`,
      });
    }
    if (problems.length === 0) continue;
    findings.push({
      kind: 'identity-mismatch',
      severity: problems.some((p) => p.severity === 'high') ? 'high' : 'medium',
      versions: [version],
      message:
        `For ${version}, the signed certificate and the metadata disagree: ${problems.map((p) => p.text).join('; ')}. ` +
        'The certificate is authoritative: it was issued from the CI provider’s own token.',
    });
  }
  return findings;
}

export function findVerificationProblems(history: Chronological): Finding[] {
  const findings: Finding[] = [];
  // A browser refusing cross-origin reads refuses them for every version alike: one
  // finding names them all, rather than one identical sentence per version.
  const refused: VersionView[] = [];
  for (const view of history) {
    const verification = view.verification;
    if (verification?.status === 'unavailable' && isCorsRefusal(verification.unavailableReason)) {
      refused.push(view);
      continue;
    }
    if (verification?.status === 'failed') {
      const failed = verification.steps.filter((s) => s.outcome === 'fail');
      findings.push({
        kind: 'verification-failed',
        severity: 'high',
        versions: [view.record.version],
        message:
          `${view.record.version} failed verification: ` +
          failed.map((s) => `${STEP_LABELS[s.step]} (${s.code}): ${asSentence(s.message)}`).join(' ') +
          ' Its attestations or signature do not prove what the registry claims; it counts as having no provenance.',
      });
    } else if (verification?.status === 'unavailable') {
      findings.push({
        kind: 'verification-unavailable',
        severity: 'low',
        versions: [view.record.version],
        message:
          `${view.record.version} claims attestations, but they could not be fetched (${verification.unavailableReason ?? 'unknown reason'}). ` +
          'Until they can be checked it is shown without provenance; this is not evidence of tampering.',
      });
    }
  }
  if (refused.length > 0) {
    const reason = refused[0]?.verification?.unavailableReason ?? '';
    const count = refused.length === 1 ? '1 version claims' : `${refused.length} versions claim`;
    findings.push({
      kind: 'verification-unavailable',
      severity: 'low',
      versions: refused.map((view) => view.record.version),
      message:
        `${count} attestations that could not be read: ${reason}. ` +
        'The registry does not let other sites read its attestations; an attestation proxy (in the Registry settings) can. ' +
        'Until they can be checked these versions are shown without provenance; this is not evidence of tampering.',
    });
  }
  return findings;
}

export const STEP_LABELS = {
  'provenance-bundle': 'SLSA provenance',
  'publish-attestation': 'npm publish attestation',
  'subject-binding': 'Subject binding',
  'registry-signature': 'Registry signature',
} as const;

export const TRUST_LABELS: Record<TrustLevel, string> = {
  staged: 'Staged publish',
  'trusted-publisher': 'Trusted publisher',
  provenance: 'Provenance',
  none: 'None',
};

function quoteList(names: string[]): string {
  const quoted = names.map((n) => `"${n}"`);
  return quoted.length <= 1 ? (quoted[0] ?? '') : `${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1)}`;
}
