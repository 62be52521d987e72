import { useId, type ReactNode } from 'react';

/** What a field gives its input: the label's target, and the accessible error and hint. */
export interface FieldControl {
  id: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

/**
 * A labelled form field: the label, an optional hint, the input (rendered by `children`
 * with the props that wire it to both) and the error when there is one. The input gets
 * `aria-invalid` while an error shows and `aria-describedby` naming the hint and the error,
 * so every input of a form is wired the same way.
 */
export function FormField({
  label,
  help,
  error,
  children,
}: {
  label: string;
  help?: ReactNode;
  error?: string;
  children: (control: FieldControl) => ReactNode;
}) {
  const id = useId();
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  const describedBy = [help ? helpId : undefined, error ? errorId : undefined].filter(Boolean).join(' ');
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      {help ? (
        <p id={helpId} className="text-xs text-zinc-600 [overflow-wrap:anywhere] dark:text-zinc-400">
          {help}
        </p>
      ) : null}
      {children({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy || undefined })}
      {error ? (
        <p id={errorId} role="alert" data-testid="field-error" className="mt-1 text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </div>
  );
}
