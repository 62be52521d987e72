import { useId, useState, type FormEvent } from 'react';
import { DEFAULT_TUF_MIRROR } from '../../core/trust/trust-state';
import { loadSaved, readTrustSettings, saveTrustSettings } from '../../lib/trust-settings';
import { useSettingsForm } from '../../lib/use-settings-form';
import {
  SETTINGS_INPUT_CLASS,
  SettingsActions,
  SettingsMenu,
  SettingsUrlField,
} from '../../components/settings-controls';
import { ClearCachedResults } from './clear-cached-results';

/**
 * Another TUF repository for the trusted root (a mirror, or a private Sigstore
 * instance with its own initial root). Saving reloads the page: what is on screen was
 * verified with the previous root.
 */
export function TufSettings() {
  const view = readTrustSettings();
  const form = useSettingsForm();
  const [mirror, setMirror] = useState('');
  const [root, setRoot] = useState('');
  const rootId = useId();

  function reopen() {
    form.toggle(() => {
      const saved = loadSaved();
      setMirror(saved.mirrorUrl ?? DEFAULT_TUF_MIRROR);
      setRoot(saved.initialRoot ?? '');
      form.setError(undefined);
    });
  }

  function save(values: { mirrorUrl: string; initialRoot: string }) {
    form.attempt(() => {
      saveTrustSettings(values);
      const url = new URL(window.location.href);
      url.searchParams.delete('tuf');
      url.searchParams.delete('tuf-root');
      // Assigning the same address (it has a #fragment) would only navigate within the page.
      if (url.href === window.location.href) window.location.reload();
      else window.location.assign(url.href);
    });
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    save({ mirrorUrl: mirror, initialRoot: root });
  }

  return (
    <SettingsMenu
      label="Trusted root"
      custom={!view.isDefault}
      open={form.open}
      onToggle={reopen}
      onSubmit={submit}
      width="sm:w-[28rem]"
      testId="tuf-settings"
    >
      <SettingsUrlField
        first
        label="TUF repository (mirror) URL"
        name="tuf-mirror"
        value={mirror}
        onChange={setMirror}
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
        className={`${SETTINGS_INPUT_CLASS} text-xs`}
      />
      <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
        Kept in this browser; <code>?tuf=&lt;url&gt;</code> in the page address overrides it. The app follows this
        repository for its trusted root and falls back to the root bundled with this build if the repository does not
        answer within 3 s or is refused. Default: {DEFAULT_TUF_MIRROR}
      </p>
      <SettingsActions
        error={form.error}
        submitLabel="Save and reload"
        onReset={() => save({ mirrorUrl: '', initialRoot: '' })}
      />
      <ClearCachedResults />
    </SettingsMenu>
  );
}
