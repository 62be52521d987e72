import { useEffect, useId, useRef, type FormEvent, type ReactNode } from 'react';

// The pieces the settings forms (registry, network, TUF repository) share: the menu
// button and its form (`SettingsMenu`), a URL field (`SettingsUrlField`), the last lines
// (`SettingsActions`: error, save, reset). Their state: lib/use-settings-form.ts.

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

/**
 * A settings menu: the button naming the setting ("(custom)" when not the default) and,
 * while open, its form. Opening it puts the focus in its first field; Escape closes it
 * without saving (`onToggle` refills the saved values) and gives the focus back to the button.
 */
export function SettingsMenu({
  label,
  custom,
  open,
  onToggle,
  onSubmit,
  width = 'sm:w-96',
  testId,
  children,
}: {
  label: string;
  custom: boolean;
  open: boolean;
  onToggle: () => void;
  onSubmit: (event: FormEvent) => void;
  /** The form's width class from the `sm` breakpoint up (a literal class, for Tailwind to find). */
  width?: string;
  testId?: string;
  children: ReactNode;
}) {
  const formId = useId();
  const button = useRef<HTMLButtonElement>(null);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (open) form.current?.querySelector<HTMLElement>('input, select, textarea, button')?.focus();
  }, [open]);
  return (
    // On a narrow screen the form spans the header (the nearest positioned box) under
    // it; from `sm` up it hangs under its button, right-aligned.
    <div className="sm:relative">
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls={open ? formId : undefined}
        onClick={onToggle}
        className="rounded border border-zinc-300 px-2 py-1 text-xs hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
      >
        {label}
        {custom ? ' (custom)' : ''}
      </button>
      {open ? (
        <form
          ref={form}
          id={formId}
          onSubmit={onSubmit}
          onKeyDown={(event) => {
            if (event.key !== 'Escape') return;
            event.preventDefault();
            onToggle();
            button.current?.focus();
          }}
          noValidate
          data-testid={testId}
          className={`absolute inset-x-4 top-full z-10 mt-1 sm:inset-x-auto sm:top-auto sm:right-0 ${width} sm:max-w-[90vw] rounded-md border border-zinc-300 bg-white p-3 shadow-lg dark:border-zinc-700 dark:bg-zinc-900`}
        >
          {children}
        </form>
      ) : null}
    </div>
  );
}

/** The input's look in every settings form. */
export const SETTINGS_INPUT_CLASS =
  'mt-1 w-full rounded border border-zinc-300 px-2 py-1 font-mono dark:border-zinc-700 dark:bg-zinc-950';

/** A URL field of a settings form: its label, the input, and the hint under it. */
export function SettingsUrlField({
  label,
  name,
  value,
  onChange,
  placeholder,
  hint,
  first = false,
}: {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
  hint?: ReactNode;
  /** The form's first field (no space above its label). */
  first?: boolean;
}) {
  const id = useId();
  return (
    <>
      <label htmlFor={id} className={`${first ? '' : 'mt-3 '}block text-sm font-medium`}>
        {label}
      </label>
      <input
        id={id}
        name={name}
        type="url"
        value={value}
        placeholder={placeholder}
        onChange={(e) => onChange(e.target.value)}
        className={`${SETTINGS_INPUT_CLASS} text-sm`}
      />
      {hint ? <p className="mt-1 text-xs text-zinc-600 [overflow-wrap:anywhere] dark:text-zinc-400">{hint}</p> : null}
    </>
  );
}

/** The form's last lines: its error, then the save button and "Reset to default". */
export function SettingsActions({
  error,
  submitLabel,
  onReset,
}: {
  error: string | undefined;
  submitLabel: string;
  onReset: () => void;
}) {
  return (
    <>
      <SettingsError error={error} />
      <div className="mt-2 flex gap-2">
        <SubmitButton>{submitLabel}</SubmitButton>
        <ResetButton onClick={onReset} />
      </div>
    </>
  );
}
