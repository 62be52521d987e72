// Binds the attestations to this exact version: each statement's first subject must name
// `pkg:npm/<name>@<version>` and carry the sha512 that the packument's
// `dist.integrity` gives for the tarball. Without this, a valid attestation of another
// package or another build could be served for this one.
import type { StepCode, StepResult } from '../model';
import type { InTotoStatement } from './bundle-check';
import { sriDigestHex } from '../util/encoding';
import { npmIntegrity } from './npm-integrity';

export const NPM_PUBLISH_PREDICATE = 'https://github.com/npm/attestation/tree/main/specs/publish/v0.1';

export interface BindingInput {
  name: string;
  version: string;
  integrity?: string;
  /** dist.shasum: npm's client takes its sha1 where there is no integrity. */
  shasum?: string;
  statements: { label: string; statement: InTotoStatement }[];
}

export function checkSubjectBinding(input: BindingInput): StepResult {
  const step = 'subject-binding' as const;
  if (input.statements.length === 0) {
    return { step, outcome: 'skip', code: 'NOT_PRESENT', message: 'No attestation to bind.' };
  }
  // Bound to the first hash of the integrity as npm's client reads it (npm-integrity.ts).
  const integrity = npmIntegrity({ integrity: input.integrity, shasum: input.shasum });
  if (!integrity) {
    return fail('INTEGRITY_MISSING', 'The packument gives no readable dist.integrity for this version.');
  }
  if (integrity.first.algorithm !== 'sha512' || integrity.first.hex.length !== 128) {
    return fail(
      'INTEGRITY_NOT_SHA512',
      `dist.integrity "${input.integrity ?? `(none; shasum ${input.shasum})`}" does not start with a sha512 digest of 64 bytes (npm's client binds the attestations to its first hash).`,
    );
  }
  const expectedHex = integrity.first.hex;
  const expectedPurl = npmPurl(input.name, input.version);
  for (const { label, statement } of input.statements) {
    const problem = bindingProblem(statement, input, expectedPurl, expectedHex);
    if (problem) return fail(problem.code, `${label}: ${problem.message}`);
  }
  return {
    step,
    outcome: 'pass',
    code: 'OK',
    message: `Every attestation names ${expectedPurl} with the sha512 of dist.integrity.`,
  };

  function fail(code: StepCode, message: string): StepResult {
    return { step, outcome: 'fail', code, message };
  }
}

function bindingProblem(
  statement: InTotoStatement,
  input: BindingInput,
  expectedPurl: string,
  expectedHex: string,
): { code: StepCode; message: string } | undefined {
  const subjects = Array.isArray(statement.subject) ? statement.subject : [];
  if (subjects.length === 0) return { code: 'SUBJECT_MISSING', message: 'the statement has no subject.' };
  // As npm's client binds it (pacote, which `npm audit signatures` runs; held to it by
  // test/differential/npm-client.test.ts): the FIRST subject, its name exactly npm's purl
  // (no other spelling of it), its sha512 exactly the lower-case hex of dist.integrity.
  const first = subjects[0];
  const name = typeof first?.name === 'string' ? first.name : undefined;
  if (name !== expectedPurl) {
    const others =
      subjects.length > 1 ? ` (the first of ${subjects.length} subjects; npm's client reads the first)` : '';
    return {
      code: 'SUBJECT_NAME_MISMATCH',
      message: `the subject is ${name ?? '(unnamed)'}${others}, not ${expectedPurl}.`,
    };
  }
  // The statement of a bundle that failed verification is still read: this may not be a string.
  const raw: unknown = first?.digest?.sha512;
  const digest = typeof raw === 'string' ? raw : undefined;
  if (digest !== expectedHex) {
    const spelled = digest?.toLowerCase() === expectedHex ? ' (the same digest in upper case, which npm refuses)' : '';
    return {
      code: 'SUBJECT_DIGEST_MISMATCH',
      message: `the subject's sha512 (${short(digest)}) differs from dist.integrity (${short(expectedHex)})${spelled}.`,
    };
  }
  if (statement.predicateType === NPM_PUBLISH_PREDICATE) {
    const predicate = statement.predicate as { name?: unknown; version?: unknown } | undefined;
    if (predicate?.name !== input.name || predicate?.version !== input.version) {
      return {
        code: 'SUBJECT_NAME_MISMATCH',
        message: `the publish predicate names ${String(predicate?.name)}@${String(predicate?.version)}.`,
      };
    }
  }
  return undefined;
}

/**
 * `pkg:npm/%40scope/name@1.0.0`: the purl npm writes in its attestations and compares them
 * with (npm-package-arg's `toPurl`): the scope's `@` encoded, the rest as it is.
 */
export function npmPurl(name: string, version: string): string {
  return `pkg:npm/${name.replace(/^@/, '%40')}@${version}`;
}

/** The sha512 of an SRI string (`sha512-<base64>`, possibly among other hashes), as hex. */
export function sha512Hex(integrity: string | undefined): string | undefined {
  return sriDigestHex(integrity, 'sha512');
}

function short(hex: string | undefined): string {
  return hex ? `${hex.slice(0, 12)}…` : 'none';
}
