import { useId, useState, type FormEvent } from 'react';
import { DEFAULT_TUF_MIRROR } from '../../core/trust/trust-state';
import { loadSaved, readTrustSettings, saveTrustSettings } from '../../lib/trust-settings';
import { ResetButton, SettingsError, SubmitButton } from '../../components/settings-controls';
import { ClearCachedResults } from './clear-cached-results';

/**
 * Another TUF repository for the trusted root (a mirror, or a private Sigstore
 * instance with its own initial root). Saving reloads the page: what is on screen was
 * verified with the previous root.
 */
export function TufSettings() {
  const view = readTrustSettings();
  const [open, setOpen] = useState(false);
  const [mirror, setMirror] = useState('');
  const [root, setRoot] = useState('');
  const [error, setError] = useState<string>();
  const mirrorId = useId();
  const rootId = useId();

  function reopen() {
    const saved = loadSaved();
    setMirror(saved.mirrorUrl ?? DEFAULT_TUF_MIRROR);
    setRoot(saved.initialRoot ?? '');
    setError(undefined);
    setOpen((o) => !o);
  }

  function save(values: { mirrorUrl: string; initialRoot: string }) {
    try {
      saveTrustSettings(values);
      const url = new URL(window.location.href);
      url.searchParams.delete('tuf');
      url.searchParams.delete('tuf-root');
      // Assigning the same address (it has a #fragment) would only navigate within the page.
      if (url.href === window.location.href) window.location.reload();
      else window.location.assign(url.href);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    save({ mirrorUrl: mirror, initialRoot: root });
  }

  return (
    <div className="relative">
      <button
        type="button"
        aria-expanded={open}
        onClick={reopen}
        className="rounded border border-zinc-300 px-2 py-1 text-xs hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
      >
        Trusted root{view.isDefault ? '' : ' (custom)'}
      </button>
      {open ? (
        <form
          onSubmit={submit}
          noValidate
          data-testid="tuf-settings"
          className="absolute right-0 z-10 mt-1 w-[28rem] max-w-[90vw] rounded-md border border-zinc-300 bg-white p-3 shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
        >
          <label htmlFor={mirrorId} className="block text-sm font-medium">
            TUF repository (mirror) URL
          </label>
          <input
            id={mirrorId}
            name="tuf-mirror"
            type="url"
            value={mirror}
            onChange={(e) => setMirror(e.target.value)}
            className="mt-1 w-full rounded border border-zinc-300 px-2 py-1 font-mono text-sm dark:border-zinc-700 dark:bg-zinc-950"
          />
          <label htmlFor={rootId} className="mt-2 block text-sm font-medium">
            Initial TUF root (root.json), for a private Sigstore instance
          </label>
          <textarea
            id={rootId}
            name="tuf-root"
            rows={4}
            maxLength={512_000}
            value={root}
            placeholder="Empty: the Sigstore public-good root bundled with this build"
            onChange={(e) => setRoot(e.target.value)}
            className="mt-1 w-full rounded border border-zinc-300 px-2 py-1 font-mono text-xs dark:border-zinc-700 dark:bg-zinc-950"
          />
          <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
            Kept in this browser; <code>?tuf=&lt;url&gt;</code> in the page address overrides it. The app follows this
            repository for its trusted root and falls back to the root bundled with this build if the repository does
            not answer within 3 s or is refused. Default: {DEFAULT_TUF_MIRROR}
          </p>
          <SettingsError error={error} />
          <div className="mt-2 flex gap-2">
            <SubmitButton>Save and reload</SubmitButton>
            <ResetButton onClick={() => save({ mirrorUrl: '', initialRoot: '' })} />
          </div>
          <ClearCachedResults />
        </form>
      ) : null}
    </div>
  );
}
