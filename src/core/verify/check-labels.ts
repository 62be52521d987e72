import type { BundleCheckName } from './verify-bundle';

/** What each check is called: in verdict messages and on every screen that lists checks. */
export const CHECK_LABELS: Record<BundleCheckName, string> = {
  'bundle-format': 'Bundle format',
  timestamps: 'Timestamps',
  'signing-key': 'Signing key',
  'transparency-log': 'Transparency log',
  signature: 'Signature',
  statement: 'In-toto statement',
  artifact: 'Artifact',
  identity: 'Signer identity',
};
