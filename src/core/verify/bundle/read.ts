// Small readers of untrusted input shared by the #/verify page's modules.

/** `value` as a JSON object, or undefined for anything else (arrays included). */
export function readRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** An error as a sentence fragment: its message and its cause's, without a final period. */
export function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause =
    'cause' in error && error.cause instanceof Error && error.cause.message !== error.message
      ? `: ${error.cause.message}`
      : '';
  return `${error.message}${cause}`.replace(/\.$/, '');
}
