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

/** How many leading bytes are sniffed for binary content. */
const SNIFF_BYTES = 4096;

/**
 * Why the first bytes are not text (a NUL byte, a gzip/zip/other binary signature, or
 * bytes that are not UTF-8), or undefined when they look like text. Only a slice of
 * the file is read.
 */
export async function binaryReason(file: Blob): Promise<string | undefined> {
  const head = new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer());
  return binaryReasonOf(head, file.size > SNIFF_BYTES);
}

export function binaryReasonOf(head: Uint8Array, truncated: boolean): string | undefined {
  if (head[0] === 0x1f && head[1] === 0x8b) return 'it is gzip-compressed (a .tgz tarball?)';
  if (head[0] === 0x50 && head[1] === 0x4b) return 'it is a zip archive';
  if (head.includes(0)) return 'it holds NUL bytes, so it is binary';
  // The slice may end inside a multi-byte character: decode in streaming mode then.
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: truncated });
  } catch {
    return 'it is not UTF-8 text';
  }
  return undefined;
}

/** Text that cannot be JSON, PEM or base64: control characters other than tab, CR and LF. */
export function textProblem(text: string): string | undefined {
  // eslint-disable-next-line no-control-regex -- control characters are what this looks for
  return /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(text)
    ? 'it holds control characters, so it is binary'
    : undefined;
}
