export function LoadingBlock({ label, onCancel }: { label: string; onCancel?: () => void }) {
  return (
    <div
      role="status"
      aria-live="polite"
      data-testid="loading"
      className="mt-8 flex items-center gap-3 text-sm text-zinc-600 dark:text-zinc-400"
    >
      <span
        className="h-4 w-4 animate-spin rounded-full border-2 border-zinc-300 border-t-sky-600"
        aria-hidden="true"
      />
      {label}
      {onCancel ? (
        <button
          type="button"
          onClick={onCancel}
          data-testid="cancel-loading"
          className="rounded border border-zinc-300 px-2 py-0.5 text-xs hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
        >
          Cancel
        </button>
      ) : null}
    </div>
  );
}
