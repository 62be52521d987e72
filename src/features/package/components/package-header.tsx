import type { PackageRecord } from '../../../core/model';

export function PackageHeader({ pkg }: { pkg: PackageRecord }) {
  return (
    <header className="mt-2">
      <h1 className="break-all font-mono text-2xl font-semibold">{pkg.name}</h1>
      {pkg.description ? <p className="mt-1 text-sm text-zinc-700 dark:text-zinc-300">{pkg.description}</p> : null}
    </header>
  );
}
