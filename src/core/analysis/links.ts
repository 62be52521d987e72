// Links a reviewer follows to the exact build. Metadata is untrusted: every link is
// built from a canonical https form and checked by `safeHttpUrl`, so no
// `javascript:` or `data:` URL from a packument or a certificate can reach an href.
import type { CertificateIdentity, PredicateFacts, TlogRef, VersionRecord } from '../model';
import { canonicalRepositoryUrl, workflowPathFromUri } from './source-url';

/** The URL as a string when it is http(s), else undefined. */
export function safeHttpUrl(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  try {
    const url = new URL(raw);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
    if (url.username || url.password) return undefined;
    return url.toString();
  } catch {
    return undefined;
  }
}

export interface VersionLinks {
  repository?: string;
  commit?: string;
  workflow?: string;
  run?: string;
  rekorProvenance?: string;
  rekorPublish?: string;
  tarball?: string;
}

const HEX_COMMIT = /^[0-9a-f]{7,64}$/i;

export function versionLinks(
  record: VersionRecord,
  identity: CertificateIdentity | undefined,
  predicate: PredicateFacts | undefined,
  logs: { provenance?: TlogRef; publish?: TlogRef } = {},
): VersionLinks {
  // The certificate is authoritative; the predicate and the packument are fallbacks.
  const repository = canonicalRepositoryUrl(identity?.sourceRepositoryUri ?? predicate?.repository ?? record.repositoryUrl);
  const commit = identity?.sourceRepositoryDigest ?? predicate?.commit ?? record.gitHead;
  const workflowPath =
    workflowPathFromUri(identity?.buildConfigUri, identity?.sourceRepositoryUri) ?? predicate?.workflowPath;
  const links: VersionLinks = {};
  const repo = safeHttpUrl(repository);
  if (repo) links.repository = repo;
  if (repo && commit && HEX_COMMIT.test(commit)) {
    links.commit = safeHttpUrl(`${repo}/commit/${commit}`);
    if (workflowPath) links.workflow = safeHttpUrl(`${repo}/blob/${commit}/${encodePath(workflowPath)}`);
  }
  const run = safeHttpUrl(identity?.runInvocationUri ?? predicate?.invocationId);
  if (run) links.run = run;
  if (logs.provenance) links.rekorProvenance = rekorEntryUrl(logs.provenance);
  if (logs.publish) links.rekorPublish = rekorEntryUrl(logs.publish);
  const tarball = safeHttpUrl(record.dist.tarball);
  if (tarball) links.tarball = tarball;
  return links;
}

/** search.sigstore.dev looks entries of the public-good Rekor up by log index. */
export function rekorEntryUrl(ref: TlogRef): string | undefined {
  if (!/^\d+$/.test(ref.logIndex)) return undefined;
  if (ref.logBaseUrl && !/^https:\/\/rekor\.sigstore\.dev\/?$/.test(ref.logBaseUrl)) {
    // Rekor v2 shards and private instances have no search UI: link the log itself.
    return safeHttpUrl(ref.logBaseUrl);
  }
  return `https://search.sigstore.dev/?logIndex=${ref.logIndex}`;
}

/** Compare view between two commits on the forge (GitHub and GitLab spell it alike). */
export function compareUrl(repository: string | undefined, from: string, to: string): string | undefined {
  const repo = safeHttpUrl(canonicalRepositoryUrl(repository));
  if (!repo || !HEX_COMMIT.test(from) || !HEX_COMMIT.test(to)) return undefined;
  const separator = new URL(repo).hostname === 'gitlab.com' ? '/-/compare/' : '/compare/';
  return safeHttpUrl(`${repo}${separator}${from}...${to}`);
}

function encodePath(path: string): string {
  return path
    .split('/')
    .map((part) => encodeURIComponent(part))
    .join('/');
}
