// Limits of the #/verify inputs, checked BEFORE anything is read into a text field: a
// dropped tarball or a pasted 60 MiB document must be refused at once, not after the
// tab has spent seconds turning it into a string and rendering it. The limits are far
// above any real input (npm's attestations response for a version is ~10–20 KB, the
// public-good trusted root ~15 KB, a PEM key under 1 KB) and documented in the README.
import type { InputField } from '../../core/verify/verify-bundle';
import { formatSize } from './format-size';

export const MiB = 1024 * 1024;

/** Bytes (files) or UTF-16 code units (pasted/typed text) per field. */
export const INPUT_LIMITS: Readonly<Record<InputField, number>> = {
  bundle: 2 * MiB,
  'trusted-root': 2 * MiB,
  'public-key': 64 * 1024,
  digest: 1024,
  identity: 4096,
  issuer: 4096,
  // Not read as text: hashed in a worker. Still bounded, so a stray disk image is refused.
  artifact: 1024 * MiB,
};

export const FIELD_TEXT: Readonly<Record<InputField, string>> = {
  bundle: 'bundle',
  'trusted-root': 'trusted root',
  'public-key': 'public key',
  digest: 'digest',
  identity: 'identity',
  issuer: 'issuer',
  artifact: 'artifact',
};

/** The form control names (`name=`) of the text fields, by field. */
export const FIELD_BY_NAME: Readonly<Record<string, InputField>> = {
  bundle: 'bundle',
  'trusted-root': 'trusted-root',
  'public-key': 'public-key',
  digest: 'digest',
  identity: 'identity',
  issuer: 'issuer',
};

export function tooLargeMessage(field: InputField, size: number, what: string): string {
  const hint = field === 'bundle' || field === 'trusted-root' || field === 'public-key' ? ' Is it the artifact?' : '';
  return (
    `${what} is ${formatSize(size)}: larger than the ${formatSize(INPUT_LIMITS[field])} a ${FIELD_TEXT[field]} may be, ` +
    `so it was not loaded.${hint}`
  );
}

// Shared with the dependency review's lockfile input (src/lib/text-file.ts).
export { binaryReason, binaryReasonOf, textProblem } from '../../lib/text-file';
