import { HOME_HREF, packageHref } from '../lib/hrefs';

/** Search / <package>: the way back from a screen about one package. */
export function PackageBreadcrumb({ name }: { name: string }) {
  return (
    <nav className="text-sm">
      <a href={HOME_HREF} className="text-sky-700 hover:underline dark:text-sky-300">
        Search
      </a>
      <span className="mx-1 text-zinc-500" aria-hidden="true">
        /
      </span>
      <a href={packageHref(name)} className="text-sky-700 hover:underline dark:text-sky-300">
        {name}
      </a>
    </nav>
  );
}
