// One version, four steps, each reported on its own: the SLSA provenance bundle, npm's
// publish attestation, the binding of both (and of any other attestation the response
// holds, which must verify too) to this version's tarball, and the registry signatures.
// Pure and synchronous: fetching happens before, in the worker.
import type { StepResult, VersionRecord, VersionVerification, VerificationStatus } from '../model';
import { checkBundle, type BundleCheck, type ExpectedSigner } from './bundle-check';
import { dsseKeyIdProblem } from './dsse-key-id';
import { certificateIdentity, predicateFacts, SLSA_V02, SLSA_V1 } from './identity';
import { checkRegistrySignature } from './registry-signature';
import { checkSubjectBinding, NPM_PUBLISH_PREDICATE } from './subject-binding';
import type { VerificationContext } from './verification-context';
import type { RegistryKey } from '../registry/npm-keys';

export type AttestationsFetch =
  | { kind: 'not-claimed' }
  | { kind: 'unavailable'; reason: string }
  | { kind: 'fetched'; body: unknown };

const PROVENANCE_TYPES = [SLSA_V1, SLSA_V02];

export function verifyVersion(
  ctx: VerificationContext,
  record: VersionRecord,
  fetched: AttestationsFetch,
): VersionVerification {
  const signatureStep = checkRegistrySignature(record, ctx.npmKeys, ctx.keyCache);
  const base = { name: record.name, version: record.version };

  if (fetched.kind !== 'fetched') {
    const code = fetched.kind === 'unavailable' ? 'ATTESTATIONS_UNAVAILABLE' : 'NOT_PRESENT';
    const message =
      fetched.kind === 'unavailable'
        ? `The registry claims attestations, but they could not be fetched: ${fetched.reason}.`
        : 'The registry claims no attestations for this version.';
    const skipped = (step: StepResult['step']): StepResult => ({ step, outcome: 'skip', code, message });
    const steps = [skipped('provenance-bundle'), skipped('publish-attestation'), skipped('subject-binding'), signatureStep];
    const status: VerificationStatus =
      signatureStep.outcome === 'fail' ? 'failed' : fetched.kind === 'unavailable' ? 'unavailable' : 'absent';
    return {
      ...base,
      status,
      steps,
      ...(fetched.kind === 'unavailable' ? { unavailableReason: fetched.reason } : {}),
    };
  }

  const attestations = readAttestations(fetched.body);
  const provenanceEntry = attestations?.find((a) => a.predicateType !== undefined && PROVENANCE_TYPES.includes(a.predicateType));
  const publishEntry = attestations?.find((a) => a.predicateType === NPM_PUBLISH_PREDICATE);

  const provenance = provenanceEntry ? checkAttestation(ctx, provenanceEntry.bundle, 'certificate') : undefined;
  const publish = publishEntry ? checkAttestation(ctx, publishEntry.bundle, 'public-key') : undefined;

  // npm publishes a publish attestation without provenance in some cases (trusted
  // publishing from a private repository, say): the packument then claims no
  // `dist.attestations.provenance`, and a missing provenance is not a failure.
  const provenanceClaimed = record.dist.attestations?.provenancePredicateType !== undefined;
  const provenanceStep = !attestations
    ? malformedResponseStep('provenance-bundle')
    : !provenanceEntry && !provenanceClaimed
      ? notClaimedStep()
      : bundleStep('provenance-bundle', provenance, provenanceEntry?.predicateType, 'SLSA provenance');
  const publishStep = attestations
    ? bundleStep('publish-attestation', publish, publishEntry?.predicateType, "npm's publish attestation")
    : malformedResponseStep('publish-attestation');
  if (publish?.keyHint) flagPublishKey(publishStep, publish.keyHint, ctx.npmKeys);

  // npm's client verifies and binds every attestation the response holds, and refuses the
  // version if any fails (test/differential/npm-client.test.ts): so does the binding step.
  const others = (attestations ?? [])
    .filter((a) => a !== provenanceEntry && a !== publishEntry)
    .map((entry) => ({ entry, check: checkAttestation(ctx, entry.bundle, signerOf(entry.bundle)) }));
  const statements = [
    ...(provenance?.statement ? [{ label: 'Provenance', statement: provenance.statement }] : []),
    ...(publish?.statement ? [{ label: 'Publish attestation', statement: publish.statement }] : []),
    ...others.flatMap(({ entry, check }) =>
      check.ok && check.statement ? [{ label: otherLabel(entry), statement: check.statement }] : [],
    ),
  ];
  let bindingStep = checkSubjectBinding({
    name: record.name,
    version: record.version,
    integrity: record.dist.integrity,
    shasum: record.dist.shasum,
    statements,
  });
  const unverified = others.find(({ check }) => !check.ok);
  if (unverified && bindingStep.outcome !== 'fail') {
    bindingStep = {
      step: 'subject-binding',
      outcome: 'fail',
      code: unverified.check.code,
      message:
        `${otherLabel(unverified.entry)} does not verify: ${unverified.check.message} ` +
        "npm's client refuses a version any of whose attestations fails.",
      checks: unverified.check.checks,
    };
  }

  const steps = [provenanceStep, publishStep, bindingStep, signatureStep];
  const verification: VersionVerification = {
    ...base,
    status: steps.some((s) => s.outcome === 'fail') ? 'failed' : 'verified',
    steps,
    bundleMediaTypes: [provenance?.mediaType, publish?.mediaType].filter((m): m is string => !!m),
  };
  if (provenance?.certificate) verification.identity = certificateIdentity(provenance.certificate);
  if (provenance?.statement) {
    verification.predicate = predicateFacts(provenance.statement.predicateType, provenance.statement.predicate);
  }
  if (provenance?.tlog) verification.provenanceLog = withBaseUrl(ctx, provenanceEntry?.bundle, provenance.tlog);
  if (publish?.tlog) verification.publishLog = withBaseUrl(ctx, publishEntry?.bundle, publish.tlog);
  return verification;
}

interface AttestationEntry {
  /** Undefined where the entry names none (it is then no provenance nor publish attestation). */
  predicateType: string | undefined;
  bundle: unknown;
  /** Its place in the response, from 1. */
  position: number;
}

/** `{ attestations: [{ predicateType, bundle }] }`; the order varies, so select by type. */
function readAttestations(body: unknown): AttestationEntry[] | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const list = (body as { attestations?: unknown }).attestations;
  if (!Array.isArray(list)) return undefined;
  return list.map((entry: unknown, i) => {
    const { predicateType, bundle } = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>) : {};
    return { predicateType: typeof predicateType === 'string' ? predicateType : undefined, bundle, position: i + 1 };
  });
}

function otherLabel(entry: AttestationEntry): string {
  return `Another attestation in the response (entry ${entry.position}, ${entry.predicateType ?? 'no predicate type'})`;
}

/** The bundle's verdict, refused also where npm's client chooses no valid key by its DSSE key id (dsse-key-id.ts). */
function checkAttestation(ctx: VerificationContext, bundle: unknown, signer: ExpectedSigner): BundleCheck {
  const check = checkBundle(ctx.verifier, bundle, signer);
  const problem = check.ok ? dsseKeyIdProblem(bundle, ctx.npmKeys) : undefined;
  if (!problem) return check;
  const checks = check.checks.map((c) =>
    c.name === 'signing-key' ? { ...c, state: 'failed' as const, message: problem.message } : c,
  );
  return { ...check, ok: false, code: problem.code, message: problem.message, checks };
}

/** Who signs an attestation: a key the bundle names (npm's publish attestations), or a certificate. */
function signerOf(bundle: unknown): ExpectedSigner {
  const material = (bundle as { verificationMaterial?: { publicKey?: unknown } } | undefined)?.verificationMaterial;
  return material?.publicKey !== undefined ? 'public-key' : 'certificate';
}

function bundleStep(
  step: 'provenance-bundle' | 'publish-attestation',
  check: BundleCheck | undefined,
  declaredType: string | undefined,
  label: string,
): StepResult {
  if (!check) {
    return {
      step,
      outcome: 'fail',
      code: 'ATTESTATION_MISSING',
      message: `The attestations response holds no ${label}.`,
    };
  }
  if (check.ok && check.statement && declaredType && check.statement.predicateType !== declaredType) {
    return {
      step,
      outcome: 'fail',
      code: 'PREDICATE_TYPE_UNEXPECTED',
      message: `The response lists it as ${declaredType}, but the signed statement says ${check.statement.predicateType}.`,
      checks: check.checks,
    };
  }
  return {
    step,
    outcome: check.ok ? 'pass' : 'fail',
    code: check.code,
    message: check.message,
    checks: check.checks,
  };
}

/**
 * Who vouches for the publish attestation's key. A key only the browsed registry serves
 * (not in Sigstore's TUF repository) is flagged: a mirror can serve a key of its own and
 * sign its own "publish attestation" with it. A key the registry serves under an id the
 * TUF repository already names differently never reaches the verifier (the TUF key is
 * used: see mergeRegistryKeys), so such an attestation fails; the message says why.
 */
function flagPublishKey(step: StepResult, keyHint: string, keys: RegistryKey[]): void {
  const key = keys.find((k) => k.keyId === keyHint);
  if (!key) return;
  step.keyOrigin = key.origin;
  if (step.outcome === 'pass') {
    step.keyId = keyHint;
    if (key.origin === 'registry') {
      step.message +=
        ` The key ${keyHint} is vouched for only by the registry being browsed (served by /-/npm/v1/keys, not in ` +
        "Sigstore's TUF repository): a mirror can serve a key of its own, so this attestation proves little.";
    }
  } else if (key.origin === 'tuf' && (step.code === 'SIGNATURE_ERROR' || step.code === 'TLOG_BODY_ERROR')) {
    step.message +=
      ` Checked with the key Sigstore's TUF repository gives ${keyHint}; other key material a registry serves under ` +
      'the same id is refused.';
  }
}

function notClaimedStep(): StepResult {
  return {
    step: 'provenance-bundle',
    outcome: 'skip',
    code: 'NOT_PRESENT',
    message: 'The registry claims no SLSA provenance for this version, and the attestations hold none.',
  };
}

function malformedResponseStep(step: 'provenance-bundle' | 'publish-attestation'): StepResult {
  return {
    step,
    outcome: 'fail',
    code: 'BUNDLE_MALFORMED',
    message: 'The attestations response is not of the form { "attestations": [ … ] }.',
  };
}

function withBaseUrl(ctx: VerificationContext, bundle: unknown, ref: NonNullable<BundleCheck['tlog']>) {
  const logId = readLogId(bundle);
  const baseUrl = logId ? ctx.tlogBaseUrls.get(logId) : undefined;
  return baseUrl ? { ...ref, logBaseUrl: baseUrl } : ref;
}

function readLogId(bundle: unknown): string | undefined {
  const entries = (bundle as { verificationMaterial?: { tlogEntries?: { logId?: { keyId?: unknown } }[] } })
    ?.verificationMaterial?.tlogEntries;
  const keyId = Array.isArray(entries) ? entries[0]?.logId?.keyId : undefined;
  return typeof keyId === 'string' ? keyId : undefined;
}
