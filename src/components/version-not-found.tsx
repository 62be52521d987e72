import type { PackageRecord } from '../core/model';
import { packageHref } from '../lib/hrefs';

/**
 * Versions the registry does not list (or no longer lists), with the way back. Each of
 * `versions` is one the screen asked for and did not find; `alternative` is another way on
 * ("pick two versions above").
 */
export function VersionNotFound({
  pkg,
  versions,
  alternative,
  Heading = 'h2',
}: {
  pkg: PackageRecord;
  versions: readonly string[];
  alternative?: string;
  Heading?: 'h1' | 'h2';
}) {
  const unknown = [...new Set(versions)];
  // Listed in `time` but not in `versions`: published, then removed.
  const removed = unknown.filter((version) => pkg.removedVersions.some((r) => r.version === version));
  return (
    <div
      role="alert"
      data-testid="error"
      data-error-code="VERSION_NOT_FOUND"
      className="mt-6 rounded-md border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-100"
    >
      <Heading className="font-semibold">
        {pkg.name} has no version {unknown.join(' or ')}
      </Heading>
      <p className="mt-1">
        {removed.length
          ? `${removed.join(' and ')} ${removed.length === 1 ? 'was' : 'were'} published and later removed from the registry. `
          : `The registry does not list ${unknown.length === 1 ? 'it' : 'them'}. `}
        <a className="underline" href={packageHref(pkg.name)}>
          See all versions of {pkg.name}
        </a>
        {alternative ? `, or ${alternative}` : ''}.
      </p>
    </div>
  );
}
