import { MetaText } from '../../../components/meta-text';

export function PackageHeader({ name, description }: { name: string; description?: string | undefined }) {
  return (
    <header className="mt-2">
      <h1 className="break-all font-mono text-2xl font-semibold">
        <MetaText value={name} />
      </h1>
      {description ? (
        <p data-testid="package-description" className="mt-1 break-words text-sm text-zinc-700 dark:text-zinc-300">
          <MetaText value={description} max={1000} expandable />
        </p>
      ) : null}
    </header>
  );
}
