// Reads any supported lockfile into the normalised entries: detects the format, refuses
// what is too large before parsing it, and turns every parser failure into a typed
// LockfileError.
//
// Parsers: JSON.parse for npm; js-yaml for pnpm-lock.yaml (pure JS, no Node modules,
// and already in the bundle as the YAML half of @yarnpkg/parsers, so pnpm support adds
// nothing; `yaml` would have been a second YAML parser); @yarnpkg/parsers for yarn.lock.
import { parseSyml } from '@yarnpkg/parsers';
import { FAILSAFE_SCHEMA, load as loadYaml, YAMLException } from 'js-yaml';
import { readNpmLock } from './npm-lock';
import { readPnpmLock } from './pnpm-lock';
import { LockfileError, type LockfileFormat, type ParsedLockfile } from './types';
import { readYarnBerry, readYarnClassic } from './yarn-lock';

/** The largest lockfile accepted: 50 MB (a 3,000-package lockfile is about 2 MB). */
export const MAX_LOCKFILE_BYTES = 50 * 1024 * 1024;

export type LockfileKind = 'npm' | 'pnpm' | 'yarn-classic' | 'yarn-berry';

/** Refuses a lockfile by its size alone: call it with `File.size` before reading it. */
export function checkLockfileSize(bytes: number): void {
  if (bytes > MAX_LOCKFILE_BYTES) {
    throw new LockfileError({
      code: 'TOO_LARGE',
      message: `The lockfile is ${(bytes / 1024 / 1024).toFixed(1)} MB; lockfiles over ${MAX_LOCKFILE_BYTES / 1024 / 1024} MB are not read.`,
    });
  }
}

/** UTF-8 length of a string without encoding it (the size check must not cost a copy). */
function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** Which format a text is, from its first lines; undefined when none fits. */
export function detectLockfileKind(text: string): LockfileKind | undefined {
  const head = text.slice(0, 4096).replace(/^\uFEFF/, '');
  const trimmed = head.trimStart();
  if (trimmed.startsWith('{')) return /"lockfileVersion"\s*:/.test(head) || /"requires"\s*:|"packages"\s*:/.test(head) ? 'npm' : undefined;
  if (/^#\s*yarn lockfile v1\s*$/m.test(head)) return 'yarn-classic';
  if (/^__metadata:\s*$/m.test(head)) return 'yarn-berry';
  if (/^lockfileVersion:\s*/m.test(head)) return 'pnpm';
  // A classic yarn.lock whose header comment was removed: `name@range:` blocks with
  // two-space-indented `version "…"` lines.
  if (/^"?(@[^@\s/]+\/)?[^@\s]+@[^\n]*:\s*\n\s{2}version "/m.test(head)) return 'yarn-classic';
  return undefined;
}

export function parseLockfile(text: string): ParsedLockfile {
  if (text.length > MAX_LOCKFILE_BYTES) checkLockfileSize(text.length);
  else if (text.length * 3 > MAX_LOCKFILE_BYTES) checkLockfileSize(utf8Length(text));
  if (text.trim() === '') throw new LockfileError({ code: 'EMPTY', message: 'The lockfile is empty.' });
  const kind = detectLockfileKind(text);
  switch (kind) {
    case 'npm':
      return readNpmLock(parseJson(text));
    case 'pnpm':
      return readPnpmLock(parseYaml(text));
    case 'yarn-classic':
      return readYarnClassic(parseYarn(text, 'yarn-classic'));
    case 'yarn-berry':
      return readYarnBerry(parseYarn(text, 'yarn-berry'));
    case undefined:
      throw new LockfileError({
        code: 'UNKNOWN_FORMAT',
        message:
          'This is not a lockfile the review reads: package-lock.json / npm-shrinkwrap.json (lockfileVersion 1 to 3), pnpm-lock.yaml (v6, v9) or yarn.lock (classic or Berry).',
      });
  }
}

function parseJson(text: string): Record<string, unknown> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // V8: "Unexpected end of JSON input"; others: "unexpected end of data", "Unterminated string".
    const truncated = /end of (JSON )?(input|data)|Unterminated string/i.test(message);
    throw new LockfileError({
      code: truncated ? 'TRUNCATED' : 'MALFORMED',
      message: truncated
        ? 'The package-lock.json ends in the middle of its JSON: it looks cut short.'
        : `The package-lock.json is not valid JSON: ${message}`,
    });
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new LockfileError({ code: 'MALFORMED', message: 'The package-lock.json is not a JSON object.' });
  }
  return doc as Record<string, unknown>;
}

function parseYaml(text: string): Record<string, unknown> {
  let doc: unknown;
  try {
    // The failsafe schema reads every scalar as a string, as Yarn does for its YAML:
    // a version like `1.10` stays `1.10` instead of becoming the number 1.1.
    doc = loadYaml(text, { schema: FAILSAFE_SCHEMA, json: true });
  } catch (error) {
    throw yamlError(error, text, 'pnpm-lock.yaml');
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new LockfileError({ code: 'MALFORMED', message: 'The pnpm-lock.yaml is not a YAML mapping.' });
  }
  return doc as Record<string, unknown>;
}

function parseYarn(text: string, format: LockfileFormat): Record<string, unknown> {
  try {
    return parseSyml(text) as Record<string, unknown>;
  } catch (error) {
    throw yamlError(error, text, 'yarn.lock', format);
  }
}

/** A parse error near the end of the text means the file was cut short. */
function yamlError(error: unknown, text: string, file: string, format?: LockfileFormat): LockfileError {
  const message = error instanceof Error ? error.message : String(error);
  let position: number | undefined;
  if (error instanceof YAMLException) position = error.mark?.position;
  const location = (error as { location?: { start?: { offset?: number } } } | undefined)?.location;
  if (position === undefined && typeof location?.start?.offset === 'number') position = location.start.offset;
  const nearEnd = position !== undefined && position >= text.trimEnd().length - 1;
  // A last line with an unclosed quote or brace was cut (Yarn's grammar reports the
  // error at the opening quote, not at the end).
  const lastLine = text.trimEnd().slice(text.trimEnd().lastIndexOf('\n') + 1);
  const count = (pattern: RegExp) => lastLine.match(pattern)?.length ?? 0;
  const unclosed = count(/"/g) % 2 === 1 || count(/\{/g) > count(/\}/g) || count(/\[/g) > count(/\]/g);
  const truncated = nearEnd || unclosed || /end of the stream|unexpected end of/i.test(message);
  return new LockfileError({
    code: truncated ? 'TRUNCATED' : 'MALFORMED',
    ...(format ? { format } : {}),
    message: truncated
      ? `The ${file} ends in the middle of an entry: it looks cut short.`
      : `The ${file} cannot be read: ${message.split('\n')[0]}`,
  });
}
