import type { ReactNode } from 'react';
import { safeHttpUrl } from '../core/analysis/links';

/** Checked hrefs (`new URL` each): long lists draw the same links again as they scroll. */
const CHECKED = new Map<string, string | undefined>();
const CHECKED_MAX = 5000;

function checkedHref(href: string | undefined): string | undefined {
  if (href === undefined) return undefined;
  if (CHECKED.has(href)) return CHECKED.get(href);
  const safe = safeHttpUrl(href);
  if (CHECKED.size >= CHECKED_MAX) CHECKED.clear();
  CHECKED.set(href, safe);
  return safe;
}

/**
 * A link out of the app. The href is re-checked here, at the last step before the
 * DOM: whatever a caller passes, only http(s) URLs become links; anything else is
 * shown as text, so a `javascript:` URL from metadata can never be clicked.
 */
export function ExternalLink({
  href,
  children,
  className,
  layout,
  title,
}: {
  href: string | undefined;
  children: ReactNode;
  className?: string;
  /** The element's title either way (link or text). */
  title?: string;
  /** Classes for the element's box either way (link or text), e.g. `block truncate` in a cell. */
  layout?: string;
}) {
  const safe = checkedHref(href);
  const join = (classes: string | undefined) => [layout, classes].filter(Boolean).join(' ') || undefined;
  if (!safe)
    return (
      <span className={join(className)} title={title}>
        {children}
      </span>
    );
  return (
    <a
      href={safe}
      target="_blank"
      rel="noopener noreferrer nofollow"
      title={title}
      className={join(className ?? 'text-sky-700 underline decoration-sky-700/30 hover:decoration-sky-700 dark:text-sky-300')}
    >
      {children}
    </a>
  );
}
