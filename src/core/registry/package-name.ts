import validate from 'validate-npm-package-name';

export type NameCheck = { ok: true; name: string } | { ok: false; name: string; problems: string[] };

/**
 * Checks a name before anything is fetched. Names that were legal once (upper case,
 * over 214 characters) still exist on the registry, so they are accepted for lookup;
 * what could never be published is refused with the validator's own words.
 */
export function checkPackageName(input: string): NameCheck {
  const name = input.trim();
  const result = validate(name);
  if (result.validForOldPackages) return { ok: true, name };
  const problems = result.errors ?? ['This is not a valid npm package name.'];
  return { ok: false, name, problems: problems.map(sentence) };
}

/**
 * The validator's words as a sentence: capitalised when they start with a plain word
 * ("name cannot…"), left alone when they start with a name such as `node_modules`.
 */
function sentence(text: string): string {
  const firstWord = text.split(' ', 1)[0] ?? '';
  const capitalised = /^[a-z]+$/.test(firstWord) ? text.charAt(0).toUpperCase() + text.slice(1) : text;
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}
