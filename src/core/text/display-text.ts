// Untrusted metadata (descriptions, names, versions, publishers, dist-tags) made safe to
// show as text. React already escapes HTML; what is left are characters that change how
// text *looks*: bidirectional overrides and isolates (U+202E makes "safe\u202Egnp.exe"
// read "safeexe.png"), zero-width and other invisible format characters, and control
// characters. Each becomes a visible escape (`\u202e`), so the reader sees that it is
// there. Hand-written because it is a few lines over a fixed character list; the same
// list the install-script finding uses (findings-text.ts) plus the invisible ones.

/** Bidi controls, zero-width characters, BOM, line/paragraph separators, soft hyphen. */
// eslint-disable-next-line no-control-regex -- control characters are what this matches
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]/g;

/** Tab, line feed and carriage return read as a space in one-line metadata. */
const LINE_BREAKS = /[\t\n\r]+/g;

export function escapeInvisible(text: string): string {
  return text
    .replace(LINE_BREAKS, ' ')
    .replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export interface DisplayText {
  /** What to show: escaped, and cut to the limit with an ellipsis. */
  text: string;
  /** The whole value, escaped (for a title or a disclosure). */
  full: string;
  truncated: boolean;
  /** Length of the original value in characters (code points). */
  length: number;
}

/** The default limit for one value on a screen; longer values are cut and say so. */
export const DISPLAY_MAX_CHARS = 200;

/**
 * `value` ready to show: invisible and control characters escaped, and cut after
 * `max` characters (code points, so no surrogate pair is split).
 */
export function displayText(value: string, max: number = DISPLAY_MAX_CHARS): DisplayText {
  const full = escapeInvisible(value);
  const chars = [...full];
  const length = [...value].length;
  if (chars.length <= max) return { text: full, full, truncated: false, length };
  return { text: `${chars.slice(0, Math.max(1, max - 1)).join('')}…`, full, truncated: true, length };
}
