// Reading verifyVersion's results in tests: a step by name, the states of its checks,
// and the inputs built from a recorded attestations response.
import type { StepResult, VersionRecord, VersionVerification } from '../../src/core/model';
import type { AttestationsFetch } from '../../src/core/verify/verify-version';
import { entryOf, recordFromBundle, type AttestationsResponse } from './derived-record';

export function step(result: VersionVerification, name: StepResult['step']): StepResult {
  const found = result.steps.find((s) => s.step === name);
  if (!found) throw new Error(`no ${name} step`);
  return found;
}

export function checkStates(s: StepResult): Record<string, string> {
  return Object.fromEntries((s.checks ?? []).map((c) => [c.name, c.state]));
}

/** DERIVED: the record is built from the provenance bundle's subject. */
export function recordFor(response: AttestationsResponse): VersionRecord {
  return recordFromBundle(entryOf(response, 'provenance').bundle);
}

export function fetched(body: unknown): AttestationsFetch {
  return { kind: 'fetched', body };
}
