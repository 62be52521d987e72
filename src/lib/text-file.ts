// Checks of a file or pasted text before it is read into a text field (a dropped
// tarball or a pasted binary must be refused at once), shared by the screens that take
// text input: #/verify and the dependency review.

/** A file size as a person reads it. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
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
