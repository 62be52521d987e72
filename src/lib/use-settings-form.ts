// The state every settings form shares (registry, attestation proxy, TUF repository…):
// whether it is open, and the error of its last save. The forms' shared look is in
// components/settings-controls.tsx; each form keeps only its fields and what saving does.
import { useState } from 'react';

export interface SettingsForm {
  open: boolean;
  error: string | undefined;
  /** Opens the form (after `refill` put the saved values back in its fields), or closes it. */
  toggle(refill: () => void): void;
  close(): void;
  /** Runs a save: a thrown error (a value that is not usable) is shown by the form; none clears it. */
  attempt(save: () => void): void;
  setError(error: string | undefined): void;
}

export function useSettingsForm(): SettingsForm {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string>();
  return {
    open,
    error,
    toggle(refill) {
      refill();
      // The saved values are back in the fields: an error about an unsaved edit is stale.
      setError(undefined);
      setOpen((o) => !o);
    },
    close: () => setOpen(false),
    attempt(save) {
      try {
        save();
        setError(undefined);
      } catch (e) {
        setError(e instanceof Error ? e.message : String(e));
      }
    },
    setError,
  };
}
