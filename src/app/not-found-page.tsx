import { HOME_HREF } from '../lib/hrefs';

export function NotFoundPage({ path }: { path: string }) {
  return (
    <div role="alert" data-testid="error" data-error-code="ROUTE_NOT_FOUND" className="mt-8 text-sm">
      There is no page at <code>#{path}</code>.{' '}
      <a href={HOME_HREF} className="underline">
        Search for a package
      </a>
      .
    </div>
  );
}
