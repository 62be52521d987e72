// Reading the #/verify page's results in tests.
import { expect } from 'vitest';
import type { BundleVerdict, VerifyBundleResult } from '../../src/core/verify/bundle/types';

/** The one verdict of a result (fails the test when there are more or none). */
export function only(result: VerifyBundleResult): BundleVerdict {
  expect(result.verdicts).toHaveLength(1);
  const verdict = result.verdicts[0];
  if (!verdict) throw new Error('no verdict');
  return verdict;
}

/** `name:state` of each check, in order, space-separated. */
export function states(verdict: BundleVerdict): string {
  return verdict.checks.map((c) => `${c.name}:${c.state}`).join(' ');
}
