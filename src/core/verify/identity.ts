// Who built a version, read two ways: from the Fulcio certificate (signed by the CA
// from the OIDC token the CI provider issued: authoritative) and from the SLSA
// predicate (written by the workflow itself: a claim). The analysis compares the two.
import type { X509Certificate } from '@sigstore/core';
import type { CertificateIdentity, PredicateFacts } from '../model';
import { GITHUB_ACTIONS_ISSUER } from './issuers';

const FULCIO = '1.3.6.1.4.1.57264.1';

/** One field of a certificate's identity: the extension it is read from and what screens call it. */
export interface FulcioExtension {
  field: keyof CertificateIdentity;
  oid: string;
  label: string;
}

/**
 * The identity fields of a Fulcio certificate, in the order screens show them: the SAN,
 * then Fulcio's v2 extensions (DER UTF8String values, OID 1.3.6.1.4.1.57264.1.8 to .23).
 * The one table of them: the reader below and every certificate table use it.
 */
export const FULCIO_EXTENSIONS: readonly FulcioExtension[] = [
  { field: 'subjectAlternativeName', oid: '2.5.29.17', label: 'Subject alternative name' },
  { field: 'issuer', oid: `${FULCIO}.8`, label: 'OIDC issuer' },
  { field: 'buildSignerUri', oid: `${FULCIO}.9`, label: 'Build signer URI' },
  { field: 'buildSignerDigest', oid: `${FULCIO}.10`, label: 'Build signer digest' },
  { field: 'runnerEnvironment', oid: `${FULCIO}.11`, label: 'Runner environment' },
  { field: 'sourceRepositoryUri', oid: `${FULCIO}.12`, label: 'Source repository URI' },
  { field: 'sourceRepositoryDigest', oid: `${FULCIO}.13`, label: 'Source repository digest' },
  { field: 'sourceRepositoryRef', oid: `${FULCIO}.14`, label: 'Source repository ref' },
  { field: 'sourceRepositoryIdentifier', oid: `${FULCIO}.15`, label: 'Source repository id' },
  { field: 'sourceRepositoryOwnerUri', oid: `${FULCIO}.16`, label: 'Source repository owner URI' },
  { field: 'sourceRepositoryOwnerIdentifier', oid: `${FULCIO}.17`, label: 'Source repository owner id' },
  { field: 'buildConfigUri', oid: `${FULCIO}.18`, label: 'Build config URI' },
  { field: 'buildConfigDigest', oid: `${FULCIO}.19`, label: 'Build config digest' },
  { field: 'buildTrigger', oid: `${FULCIO}.20`, label: 'Build trigger' },
  { field: 'runInvocationUri', oid: `${FULCIO}.21`, label: 'Run invocation URI' },
  { field: 'sourceRepositoryVisibilityAtSigning', oid: `${FULCIO}.22`, label: 'Repository visibility at signing' },
  { field: 'deploymentEnvironment', oid: `${FULCIO}.23`, label: 'Deployment environment' },
];

/** Fulcio's v2 extensions: the table's rows under Fulcio's arc (the SAN is read on its own). */
const V2_EXTENSIONS = FULCIO_EXTENSIONS.filter(({ oid }) => oid.startsWith(`${FULCIO}.`));

/**
 * Certificates issued before Fulcio's v2 extensions (early 2023) carry only the
 * deprecated GitHub-specific ones, whose values are raw strings, not DER.
 */
const V1_ISSUER = 1;
const V1_TRIGGER = 2;
const V1_SHA = 3;
const V1_REPOSITORY = 5;
const V1_REF = 6;

export function certificateIdentity(cert: X509Certificate): CertificateIdentity {
  const identity: CertificateIdentity = {};
  const san = safely(() => cert.subjectAltName);
  if (san) identity.subjectAlternativeName = san;
  for (const { oid, field } of V2_EXTENSIONS) {
    const value = derString(cert, oid);
    if (value !== undefined) identity[field] = value;
  }
  fillFromV1Extensions(cert, identity);
  return identity;
}

function fillFromV1Extensions(cert: X509Certificate, identity: CertificateIdentity): void {
  identity.issuer ??= rawString(cert, `${FULCIO}.${V1_ISSUER}`);
  identity.buildTrigger ??= rawString(cert, `${FULCIO}.${V1_TRIGGER}`);
  identity.sourceRepositoryDigest ??= rawString(cert, `${FULCIO}.${V1_SHA}`);
  identity.sourceRepositoryRef ??= rawString(cert, `${FULCIO}.${V1_REF}`);
  const repository = rawString(cert, `${FULCIO}.${V1_REPOSITORY}`);
  if (!identity.sourceRepositoryUri && repository && identity.issuer === GITHUB_ACTIONS_ISSUER) {
    identity.sourceRepositoryUri = `https://github.com/${repository}`;
  }
  // The workflow file is in the SAN: https://github.com/o/r/.github/workflows/x.yml@ref
  if (!identity.buildConfigUri && san(identity)?.startsWith('https://github.com/')) {
    identity.buildConfigUri = san(identity);
  }
  for (const key of Object.keys(identity) as (keyof CertificateIdentity)[]) {
    if (identity[key] === undefined) delete identity[key];
  }
}

function san(identity: CertificateIdentity): string | undefined {
  return identity.subjectAlternativeName;
}

function derString(cert: X509Certificate, oid: string): string | undefined {
  return safely(() => {
    const ext = cert.extension(oid);
    const inner = ext?.valueObj.subs[0];
    return inner ? decodeUtf8(inner.value) : ext ? decodeUtf8(ext.valueObj.value) : undefined;
  });
}

function rawString(cert: X509Certificate, oid: string): string | undefined {
  return safely(() => {
    const ext = cert.extension(oid);
    return ext ? decodeUtf8(ext.value) : undefined;
  });
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

function decodeUtf8(bytes: Uint8Array): string {
  return utf8.decode(bytes);
}

/** A malformed extension is a missing fact, not a crash. */
function safely<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------
// The predicate

export const SLSA_V1 = 'https://slsa.dev/provenance/v1';
export const SLSA_V02 = 'https://slsa.dev/provenance/v0.2';

type Json = Record<string, unknown>;

export function predicateFacts(predicateType: string, predicate: unknown): PredicateFacts {
  const facts: PredicateFacts = { predicateType };
  const p = obj(predicate);
  if (!p) return facts;
  if (predicateType === SLSA_V1) readSlsaV1(p, facts);
  else if (predicateType === SLSA_V02) readSlsaV02(p, facts);
  for (const key of Object.keys(facts) as (keyof PredicateFacts)[]) {
    if (facts[key] === undefined) delete facts[key];
  }
  return facts;
}

function readSlsaV1(p: Json, facts: PredicateFacts): void {
  const definition = obj(p.buildDefinition);
  const external = obj(definition?.externalParameters);
  const workflow = obj(external?.workflow);
  const internal = obj(definition?.internalParameters);
  const runDetails = obj(p.runDetails);
  facts.buildType = str(definition?.buildType);
  facts.builderId = str(obj(runDetails?.builder)?.id);
  facts.invocationId = str(obj(runDetails?.metadata)?.invocationId);
  if (workflow) {
    // GitHub Actions build type.
    facts.repository = str(workflow.repository);
    facts.workflowPath = str(workflow.path);
    facts.ref = str(workflow.ref);
    facts.event = str(obj(internal?.github)?.event_name);
  } else if (obj(internal?.gitlab) || str(external?.source)) {
    // GitLab CI/CD build type: external parameters name the source and entry point.
    facts.repository = str(external?.source);
    facts.workflowPath = str(external?.entryPoint);
    facts.event = str(obj(internal?.gitlab)?.CI_PIPELINE_SOURCE);
  }
  const deps = Array.isArray(definition?.resolvedDependencies) ? definition.resolvedDependencies : [];
  const first = obj(deps[0]);
  facts.commit = str(obj(first?.digest)?.gitCommit) ?? str(obj(first?.digest)?.sha1);
  if (!facts.ref) facts.ref = refFromUri(str(first?.uri));
}

function readSlsaV02(p: Json, facts: PredicateFacts): void {
  facts.buildType = str(p.buildType);
  facts.builderId = str(obj(p.builder)?.id);
  const invocation = obj(p.invocation);
  const config = obj(invocation?.configSource);
  const uri = str(config?.uri);
  if (uri) {
    const at = uri.lastIndexOf('@');
    facts.repository = (at > 0 ? uri.slice(0, at) : uri).replace(/^git\+/, '');
    facts.ref = at > 0 ? uri.slice(at + 1) : undefined;
  }
  facts.commit = str(obj(config?.digest)?.sha1);
  const github = obj(obj(invocation?.environment));
  facts.event = str(github?.GITHUB_EVENT_NAME);
  const server = str(github?.GITHUB_SERVER_URL) ?? 'https://github.com';
  const repo = str(github?.GITHUB_REPOSITORY);
  // npm's v0.2 entry point is GITHUB_WORKFLOW_REF: `owner/repo/.github/workflows/x.yml@ref`.
  const entryPoint = str(config?.entryPoint)?.replace(/@[^@]*$/, '');
  facts.workflowPath = repo && entryPoint?.startsWith(`${repo}/`) ? entryPoint.slice(repo.length + 1) : entryPoint;
  const runId = str(github?.GITHUB_RUN_ID);
  const attempt = str(github?.GITHUB_RUN_ATTEMPT);
  if (server && repo && runId) {
    facts.invocationId = `${server}/${repo}/actions/runs/${runId}${attempt ? `/attempts/${attempt}` : ''}`;
  }
}

function refFromUri(uri: string | undefined): string | undefined {
  if (!uri) return undefined;
  const at = uri.lastIndexOf('@');
  return at > 0 ? uri.slice(at + 1) : undefined;
}

function obj(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
