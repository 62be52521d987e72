import type { PackageRecord } from '../../../core/model';
import { MetaText } from '../../../components/meta-text';

export function PackageHeader({ pkg }: { pkg: PackageRecord }) {
  return (
    <header className="mt-2">
      <h1 className="break-all font-mono text-2xl font-semibold">
        <MetaText value={pkg.name} />
      </h1>
      {pkg.description ? (
        <p data-testid="package-description" className="mt-1 break-words text-sm text-zinc-700 dark:text-zinc-300">
          <MetaText value={pkg.description} max={1000} expandable />
        </p>
      ) : null}
    </header>
  );
}
