import { Fragment } from 'react';
import { HOME_HREF, packageHref } from '../lib/hrefs';

/** Search / <package> [/ <version>]: the way back from a screen about one package or version. */
export function PackageBreadcrumb({ name, version }: { name: string; version?: string }) {
  const crumbs = [
    { href: HOME_HREF, text: 'Search' },
    { href: packageHref(name), text: name },
    ...(version ? [{ href: packageHref(name, version), text: version }] : []),
  ];
  return (
    <nav className="text-sm" aria-label="Breadcrumb">
      {crumbs.map((crumb, i) => (
        <Fragment key={crumb.href}>
          {i > 0 ? (
            <span className="mx-1 text-zinc-500" aria-hidden="true">
              /
            </span>
          ) : null}
          <a href={crumb.href} className="text-sky-700 hover:underline dark:text-sky-300">
            {crumb.text}
          </a>
        </Fragment>
      ))}
    </nav>
  );
}
