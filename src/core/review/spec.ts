// A package spec as typed into the review: `name`, `name@version`, `name@range`,
// `name@tag`, scoped names too. Hand-written instead of npm-package-arg: that package
// pulls in Node's `path`, `url` and `os` (hosted-git-info, validate-npm-package-name),
// and the review needs only registry specs, whose grammar is `<name>[@<range|tag>]`.
import semverValid from 'semver/functions/valid.js';
import semverValidRange from 'semver/ranges/valid.js';
import { checkPackageName } from '../registry/package-name';

export type SpecType = 'version' | 'range' | 'tag';

export interface PackageSpec {
  name: string;
  /** What follows the name: `latest` when nothing does. */
  fetchSpec: string;
  type: SpecType;
  /** As typed, trimmed. */
  raw: string;
}

export class SpecError extends Error {
  readonly code: 'INVALID_SPEC' | 'INVALID_NAME';
  readonly problems: string[];

  constructor(code: SpecError['code'], message: string, problems: string[] = []) {
    super(message);
    this.name = 'SpecError';
    this.code = code;
    this.problems = problems;
  }
}

export function parseSpec(input: string): PackageSpec {
  const raw = input.trim();
  const at = raw.indexOf('@', raw.startsWith('@') ? 1 : 0);
  const name = at > 0 ? raw.slice(0, at) : raw;
  const rest = at > 0 ? raw.slice(at + 1).trim() : '';
  const check = checkPackageName(name);
  if (!check.ok) {
    throw new SpecError('INVALID_NAME', `"${name}" is not a valid npm package name.`, check.problems);
  }
  return { name: check.name, raw, ...classifyRange(rest) };
}

/** `1.2.3` → version, `^1.2` / `1.x` / `` → range, anything else that is a word → tag. */
export function classifyRange(spec: string): { fetchSpec: string; type: SpecType } {
  const trimmed = spec.trim();
  if (trimmed === '') return { fetchSpec: 'latest', type: 'tag' };
  const version = semverValid(trimmed, { loose: true });
  if (version) return { fetchSpec: version, type: 'version' };
  if (semverValidRange(trimmed, { loose: true }) !== null) return { fetchSpec: trimmed, type: 'range' };
  if (/^[A-Za-z0-9][\w.-]*$/.test(trimmed) && encodeURIComponent(trimmed) === trimmed) {
    return { fetchSpec: trimmed, type: 'tag' };
  }
  throw new SpecError('INVALID_SPEC', `"${spec}" is neither a version, a semver range nor a dist-tag.`);
}
