// The #/verify page's own checks, after the library's: is the bundle for this artifact,
// and is its signer the expected one.
import { isDigestAlgorithm } from './digest';
import { sanMatches } from './identity-rule';
import { readRecord } from './read';
import type {
  ArtifactComparison,
  BaseCheck,
  BundleCheckResult,
  BundleVerdict,
  BundleVerdictCode,
  Digest,
  IdentityComparison,
  Policy,
} from './types';

export function artifactCheck(
  verdict: BundleVerdict,
  base: BaseCheck,
  policy: Policy,
  bundleOk: boolean,
): BundleCheckResult {
  const name = 'artifact' as const;
  const failed = (code: BundleVerdictCode, message: string): BundleCheckResult => ({
    name,
    state: 'failed',
    code,
    message,
  });
  if (policy.digests.length === 0) {
    verdict.notes.push('No artifact or digest was given: the bundle was not tied to a file.');
    return { name, state: 'not-run', message: 'No artifact or digest given.' };
  }
  if (!bundleOk)
    return { name, state: 'not-run', message: 'The bundle did not verify: what it names is not compared.' };
  const bound: ArtifactComparison['bundle'] = [];
  if (base.content === 'message-signature' && base.messageDigest) {
    const algorithm = base.messageDigest.algorithm;
    if (isDigestAlgorithm(algorithm)) bound.push({ digests: [{ algorithm, hex: base.messageDigest.hex }] });
  } else if (base.statement) {
    for (const subject of Array.isArray(base.statement.subject) ? base.statement.subject : []) {
      const digests: Digest[] = [];
      const record = readRecord(subject?.digest);
      for (const algorithm of ['sha256', 'sha384', 'sha512'] as const) {
        const value = record?.[algorithm];
        if (typeof value === 'string') digests.push({ algorithm, hex: value.toLowerCase() });
      }
      bound.push({ ...(typeof subject?.name === 'string' ? { name: subject.name } : {}), digests });
    }
  }
  const comparison: ArtifactComparison = { artifact: policy.digests, bundle: bound };
  verdict.artifactComparison = comparison;
  for (const item of bound) {
    for (const digest of item.digests) {
      if (policy.digests.some((d) => d.algorithm === digest.algorithm && d.hex === digest.hex)) {
        comparison.matched = { ...(item.name !== undefined ? { name: item.name } : {}), digest };
        const what = item.name ? `the subject ${item.name}` : 'the message digest';
        return { name, state: 'passed', message: `The artifact's ${digest.algorithm} is ${what}'s.` };
      }
    }
  }
  const algorithms = new Set(bound.flatMap((b) => b.digests.map((d) => d.algorithm)));
  const comparable = policy.digests.some((d) => algorithms.has(d.algorithm));
  if (algorithms.size === 0) {
    return failed(
      'ARTIFACT_MISMATCH',
      'The bundle names no sha256, sha384 or sha512 digest to compare the artifact with.',
    );
  }
  if (!comparable) {
    return failed(
      'ARTIFACT_UNCOMPARABLE',
      `The bundle names its artifact by ${[...algorithms].join(', ')}, the input gives ${policy.digests.map((d) => d.algorithm).join(', ')}: give the artifact file, or a ${[...algorithms].join(' or ')} digest.`,
    );
  }
  const ours = policy.digests.filter((d) => algorithms.has(d.algorithm));
  const theirs = bound.flatMap((b) =>
    b.digests
      .filter((d) => ours.some((o) => o.algorithm === d.algorithm))
      .map((d) => `${b.name ? `${b.name} ` : ''}${d.algorithm}:${d.hex}`),
  );
  return failed(
    'ARTIFACT_MISMATCH',
    `This bundle is for another artifact: it names ${theirs.join('; ')}, but the artifact is ${ours.map((d) => `${d.algorithm}:${d.hex}`).join(', ')}.`,
  );
}

export function identityCheck(verdict: BundleVerdict, policy: Policy, bundleOk: boolean): BundleCheckResult {
  const name = 'identity' as const;
  if (!policy.identity && !policy.issuer) {
    if (verdict.signer?.kind !== 'public-key')
      verdict.notes.push('No expected signer was given: the certificate identity below was not checked against one.');
    return { name, state: 'not-run', message: 'No expected identity or issuer given.' };
  }
  if (verdict.signer?.kind === 'public-key') {
    verdict.notes.push('The expected identity was not applied: this bundle is signed with a key, not a certificate.');
    return {
      name,
      state: 'not-run',
      message: `Signed with key ${verdict.signer.keyHint || '(no hint)'}, not a certificate: an expected identity applies to certificate-signed bundles. The key is trusted because it was selected or given.`,
    };
  }
  if (!bundleOk)
    return { name, state: 'not-run', message: 'The bundle did not verify: its certificate is not compared.' };
  const comparison: IdentityComparison = {};
  const actualSan = verdict.identity?.subjectAlternativeName;
  const actualIssuer = verdict.identity?.issuer;
  if (actualSan !== undefined) comparison.actualSan = actualSan;
  if (actualIssuer !== undefined) comparison.actualIssuer = actualIssuer;
  const problems: string[] = [];
  if (policy.identity) {
    comparison.expectedSan = { input: policy.identity.input, rule: policy.identity.rule };
    comparison.sanMatches = actualSan !== undefined && sanMatches(policy.identity, actualSan);
    if (!comparison.sanMatches)
      problems.push(`the certificate's SAN is ${actualSan ?? '(none)'}, expected ${policy.identity.rule}`);
  }
  if (policy.issuer) {
    comparison.expectedIssuer = policy.issuer;
    if (policy.issuerImplied) comparison.issuerImplied = true;
    comparison.issuerMatches = actualIssuer === policy.issuer;
    if (!comparison.issuerMatches) {
      problems.push(
        `the certificate's issuer is ${actualIssuer ?? '(none)'}, expected ${policy.issuer}${policy.issuerImplied ? ' (implied by the owner/repo form)' : ''}`,
      );
    }
  } else {
    verdict.notes.push('No expected issuer was given: the certificate’s OIDC issuer was not checked.');
  }
  verdict.identityComparison = comparison;
  if (problems.length) {
    return {
      name,
      state: 'failed',
      code: 'IDENTITY_MISMATCH',
      message: `Signed by someone else: ${problems.join('; ')}.`,
    };
  }
  return {
    name,
    state: 'passed',
    message: `The certificate names ${actualSan ?? ''}${actualIssuer ? `, issued by ${actualIssuer}` : ''}.`,
  };
}
