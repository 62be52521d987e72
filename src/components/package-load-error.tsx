import { ErrorPanel } from './error-panel';
import type { RegistryError } from '../core/net/http-errors';

/** Why the package could not be loaded; "Try again" where trying again can help. */
export function PackageLoadError({ error, retry }: { error: RegistryError; retry: () => void }) {
  const retryable =
    error.code !== 'INVALID_NAME' && error.code !== 'NOT_FOUND' && error.code !== 'INVALID_REGISTRY_URL';
  return (
    <ErrorPanel
      error={error}
      action={
        retryable ? (
          <button
            type="button"
            onClick={retry}
            className="rounded bg-red-700 px-3 py-1 text-sm text-white hover:bg-red-800"
          >
            Try again
          </button>
        ) : undefined
      }
    />
  );
}
