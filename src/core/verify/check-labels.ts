// What each check of a verification is called on screen: the timeline's six and the
// #/verify page's two of its own. One set of words for every view.
import type { BundleCheckName } from './bundle/types';

export const CHECK_LABELS: Readonly<Record<BundleCheckName, string>> = {
  'bundle-format': 'Bundle format',
  timestamps: 'Timestamps',
  'signing-key': 'Signing key',
  'transparency-log': 'Transparency log',
  signature: 'Signature',
  statement: 'In-toto statement',
  artifact: 'Artifact',
  identity: 'Signer identity',
};
