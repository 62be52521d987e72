// The lockfile input's limits, checked BEFORE anything is read into the page: a dropped
// tarball or a 50 MB file is refused at once, with why. The largest real lockfiles (big
// monorepos) are a few MiB to a little over 10 MiB; 16 MiB leaves room and keeps the
// parse (on the main thread, where the review runs) from freezing the tab.
import { binaryReason, formatSize, textProblem } from '../../lib/text-file';

export const MAX_LOCKFILE_INPUT = 16 * 1024 * 1024;

export function lockfileTooLarge(size: number, what: string): string {
  return `${what} is ${formatSize(size)}: larger than the ${formatSize(MAX_LOCKFILE_INPUT)} a lockfile may be here, so it was not read. Is it a lockfile (package-lock.json, pnpm-lock.yaml, yarn.lock)?`;
}

/** Why `file` cannot be a lockfile (too large, binary), or undefined; reads at most 4 KiB of it. */
export async function lockfileFileProblem(file: File): Promise<string | undefined> {
  if (file.size > MAX_LOCKFILE_INPUT) return lockfileTooLarge(file.size, file.name);
  if (file.size === 0) return `${file.name} is empty.`;
  const binary = await binaryReason(file);
  return binary ? `${file.name} was not read: ${binary}. A lockfile is JSON or YAML text.` : undefined;
}

/** Why pasted text cannot be a lockfile, or undefined. */
export function pastedTextProblem(length: number, text: string): string | undefined {
  if (length > MAX_LOCKFILE_INPUT) return lockfileTooLarge(length, 'The pasted text');
  const problem = textProblem(text);
  return problem ? `The pasted text was not inserted: ${problem}.` : undefined;
}
