// Binds the attestations to this exact version: each statement's subject must name
// `pkg:npm/<name>@<version>` and carry the sha512 that the packument's
// `dist.integrity` gives for the tarball. Without this, a valid attestation of another
// package or another build could be served for this one.
import type { StepCode, StepResult } from '../model';
import type { InTotoStatement } from './bundle-check';
import { sriDigestHex } from '../util/encoding';

export const NPM_PUBLISH_PREDICATE = 'https://github.com/npm/attestation/tree/main/specs/publish/v0.1';

export interface BindingInput {
  name: string;
  version: string;
  integrity?: string;
  statements: { label: string; statement: InTotoStatement }[];
}

export function checkSubjectBinding(input: BindingInput): StepResult {
  const step = 'subject-binding' as const;
  if (input.statements.length === 0) {
    return { step, outcome: 'skip', code: 'NOT_PRESENT', message: 'No attestation to bind.' };
  }
  const expectedHex = sha512Hex(input.integrity);
  if (!input.integrity) {
    return fail('INTEGRITY_MISSING', 'The packument gives no dist.integrity for this version.');
  }
  if (!expectedHex) {
    return fail('INTEGRITY_NOT_SHA512', `dist.integrity "${input.integrity}" holds no sha512 digest.`);
  }
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
  const named = subjects.find((s) => typeof s?.name === 'string' && samePurl(s.name, expectedPurl));
  if (!named) {
    const names = subjects.map((s) => (typeof s?.name === 'string' ? s.name : '(unnamed)')).join(', ');
    return { code: 'SUBJECT_NAME_MISMATCH', message: `the subject is ${names}, not ${expectedPurl}.` };
  }
  // The statement of a bundle that failed verification is still read: this may not be a string.
  const raw: unknown = named.digest?.sha512;
  const digest = typeof raw === 'string' ? raw.toLowerCase() : undefined;
  if (digest !== expectedHex) {
    return {
      code: 'SUBJECT_DIGEST_MISMATCH',
      message: `the subject's sha512 (${short(digest)}) differs from dist.integrity (${short(expectedHex)}).`,
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

/** `pkg:npm/%40scope/name@1.0.0` per the purl spec (the `@` of a scope is encoded). */
export function npmPurl(name: string, version: string): string {
  const encoded = name.startsWith('@')
    ? `%40${name
        .slice(1)
        .split('/')
        .map((part) => encodeURIComponent(part))
        .join('/')}`
    : encodeURIComponent(name);
  return `pkg:npm/${encoded}@${encodeURIComponent(version)}`;
}

function samePurl(actual: string, expected: string): boolean {
  return decodePurl(actual) === decodePurl(expected);
}

function decodePurl(purl: string): string {
  try {
    return decodeURIComponent(purl);
  } catch {
    return purl;
  }
}

/** The sha512 of an SRI string (`sha512-<base64>`, possibly among other hashes), as hex. */
export function sha512Hex(integrity: string | undefined): string | undefined {
  return sriDigestHex(integrity, 'sha512');
}

function short(hex: string | undefined): string {
  return hex ? `${hex.slice(0, 12)}…` : 'none';
}
