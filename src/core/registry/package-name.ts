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

function sentence(text: string): string {
  const first = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(first) ? first : `${first}.`;
}
