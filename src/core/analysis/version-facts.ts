// The facts a timeline row and the detail view show about one version's origin, each
// with where it comes from: the signed certificate when there is one, else the
// predicate, else the packument. A row shows the source, so nobody mistakes a claim
// in package.json for a verified fact.
import type { VersionView } from '../model';
import { versionLinks, type VersionLinks } from './links';
import { canonicalRepositoryUrl, workflowPathFromUri } from './source-url';
import { hasVerifiedProvenance } from './trust-level';

export type FactSource = 'certificate' | 'predicate' | 'metadata';

export interface Fact {
  value: string;
  source: FactSource;
  /** True when the source is a verified certificate or predicate of a verified bundle. */
  verified: boolean;
}

export interface VersionFacts {
  repository?: Fact;
  commit?: Fact;
  workflow?: Fact;
  ref?: Fact;
  trigger?: Fact;
  runner?: Fact;
  links: VersionLinks;
}

export function versionFacts(view: VersionView): VersionFacts {
  const verification = view.verification;
  const verified = hasVerifiedProvenance(verification);
  const cert = verification?.identity;
  const predicate = verification?.predicate;
  const pick = (
    fromCert: string | undefined,
    fromPredicate: string | undefined,
    fromMetadata?: string,
  ): Fact | undefined => {
    if (fromCert) return { value: fromCert, source: 'certificate', verified };
    if (fromPredicate) return { value: fromPredicate, source: 'predicate', verified };
    if (fromMetadata) return { value: fromMetadata, source: 'metadata', verified: false };
    return undefined;
  };
  const facts: VersionFacts = {
    links: versionLinks(view.record, cert, predicate, {
      provenance: verification?.provenanceLog,
      publish: verification?.publishLog,
    }),
  };
  const repository = pick(
    canonicalRepositoryUrl(cert?.sourceRepositoryUri),
    canonicalRepositoryUrl(predicate?.repository),
    canonicalRepositoryUrl(view.record.repositoryUrl) ?? view.record.repositoryUrl,
  );
  if (repository) facts.repository = repository;
  const commit = pick(cert?.sourceRepositoryDigest, predicate?.commit, view.record.gitHead);
  if (commit) facts.commit = commit;
  const workflow = pick(workflowPathFromUri(cert?.buildConfigUri, cert?.sourceRepositoryUri), predicate?.workflowPath);
  if (workflow) facts.workflow = workflow;
  const ref = pick(cert?.sourceRepositoryRef, predicate?.ref);
  if (ref) facts.ref = ref;
  const trigger = pick(cert?.buildTrigger, predicate?.event);
  if (trigger) facts.trigger = trigger;
  const runner = pick(cert?.runnerEnvironment, undefined);
  if (runner) facts.runner = runner;
  return facts;
}

/** `owner/repo` for a canonical forge URL, for compact display. */
export function repositoryLabel(url: string): string {
  try {
    return new URL(url).pathname.replace(/^\//, '') || url;
  } catch {
    return url;
  }
}
