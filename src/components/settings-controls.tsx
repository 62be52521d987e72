import type { ReactNode } from 'react';

// The pieces the settings forms (registry, network, TUF repository) share.

/** The form's error, announced when it appears; nothing while there is none. */
export function SettingsError({ error }: { error: string | undefined }) {
  return error ? (
    <p role="alert" className="mt-1 text-sm text-red-700 dark:text-red-400">
      {error}
    </p>
  ) : null;
}

/** The form's submit button. */
export function SubmitButton({ children }: { children: ReactNode }) {
  return (
    <button type="submit" className="rounded bg-sky-700 px-3 py-1 text-sm text-white hover:bg-sky-800">
      {children}
    </button>
  );
}

/** The form's "Reset to default" button. */
export function ResetButton({ onClick }: { onClick: () => void }) {
  return (
    <button
      type="button"
      onClick={onClick}
      className="rounded border border-zinc-300 px-3 py-1 text-sm dark:border-zinc-700"
    >
      Reset to default
    </button>
  );
}
