import type { ReactNode } from 'react';

/**
 * One term and its value in a description list (`<dl>`): the shape of every fact list
 * (the audit's chain links, the bundle page's trust context and signer). Values are
 * monospaced and break anywhere unless `className` says otherwise.
 */
export function Detail({
  term,
  children,
  className = 'min-w-0 break-all font-mono',
}: {
  term: string;
  children: ReactNode;
  className?: string;
}) {
  return (
    <>
      <dt className="text-zinc-600 dark:text-zinc-400">{term}</dt>
      <dd className={className}>{children}</dd>
    </>
  );
}
