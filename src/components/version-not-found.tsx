import type { PackageRecord } from '../core/model';
import { packageHref } from '../lib/hrefs';

/** A version the registry does not list (or no longer lists), with the way back. */
export function VersionNotFound({
  pkg,
  version,
  Heading = 'h2',
}: {
  pkg: PackageRecord;
  version: string;
  Heading?: 'h1' | 'h2';
}) {
  const { name } = pkg;
  // Listed in `time` but not in `versions`: published, then removed.
  const removed = pkg.removedVersions.some((r) => r.version === version);
  return (
    <div
      role="alert"
      data-testid="error"
      data-error-code="VERSION_NOT_FOUND"
      className="mt-6 rounded-md border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-100"
    >
      <Heading className="font-semibold">
        {name} has no version {version}
      </Heading>
      <p className="mt-1">
        {removed ? 'It was published and later removed from the registry.' : 'The registry does not list it.'}{' '}
        <a className="underline" href={packageHref(name)}>
          See all versions of {name}
        </a>
        .
      </p>
    </div>
  );
}
