export function LoadingBlock({ label }: { label: string }) {
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
    </div>
  );
}
