import type { MouseEvent } from 'react';
import { SCREEN_LOAD_FAILED_TEXT } from './boot-failure';

/** A screen whose code could not be loaded (offline, or a new version was deployed). */
export function ScreenLoadFailed({ error }: { error: unknown }) {
  const reload = (event: MouseEvent<HTMLAnchorElement>) => {
    event.preventDefault();
    window.location.reload();
  };
  return (
    <div
      role="alert"
      data-testid="error"
      data-error-code="CHUNK_LOAD_FAILED"
      className="mt-8 rounded-md border border-red-300 bg-red-50 p-4 text-sm text-red-950 dark:border-red-800 dark:bg-red-950/40 dark:text-red-100"
    >
      <h2 className="font-semibold">{SCREEN_LOAD_FAILED_TEXT.title}</h2>
      <p className="mt-1">
        {SCREEN_LOAD_FAILED_TEXT.body}{' '}
        <a href={window.location.href} onClick={reload} data-testid="reload-page" className="font-medium underline">
          {SCREEN_LOAD_FAILED_TEXT.reload}
        </a>
      </p>
      <p className="mt-1 text-xs opacity-80">{error instanceof Error ? error.message : String(error)}</p>
    </div>
  );
}
