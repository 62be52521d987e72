import { useId, useState, type FormEvent } from 'react';
import { DEFAULT_REGISTRY_URL } from '../../core/registry/registry-url';
import { DEFAULT_CONCURRENCY, MAX_CONCURRENCY, MIN_CONCURRENCY, parseConcurrency } from '../../core/review/concurrency';
import { saveAttestationProxy } from '../../lib/net-settings';
import { useNetSettings } from '../../lib/use-net-settings';
import { resetRegistry, saveRegistry, useRegistrySetting } from '../../lib/registry-setting';
import { saveReviewConcurrency, useReviewConcurrency } from '../../lib/review-concurrency';
import { useSettingsForm } from '../../lib/use-settings-form';
import { SettingsActions, SettingsError, SettingsMenu, SettingsUrlField } from '../../components/settings-controls';

export function RegistrySettings() {
  const setting = useRegistrySetting();
  const form = useSettingsForm();
  const { net } = useNetSettings();
  const [value, setValue] = useState(setting.base);
  const [proxy, setProxy] = useState(net.attestationProxy ?? '');
  const concurrency = useReviewConcurrency();
  const [concurrencyText, setConcurrencyText] = useState(String(concurrency));
  const [concurrencyError, setConcurrencyError] = useState<string>();
  const concurrencyId = useId();
  const concurrencyHelpId = useId();

  function submit(event: FormEvent) {
    event.preventDefault();
    // Checked before anything is saved: an invalid form saves nothing.
    const parsed = parseConcurrency(concurrencyText);
    if (!parsed.ok) {
      setConcurrencyError(parsed.message);
      return;
    }
    setConcurrencyError(undefined);
    form.attempt(() => {
      const saved = saveRegistry(value);
      setConcurrencyText(String(saveReviewConcurrency(concurrencyText)));
      const before = net.attestationProxy;
      const savedProxy = saveAttestationProxy(proxy);
      setValue(saved);
      setProxy(savedProxy ?? '');
      form.close();
      // Results already shown were read without (or through another) proxy.
      if (savedProxy !== before) window.location.reload();
    });
  }

  return (
    <SettingsMenu
      label="Registry"
      custom={!setting.isDefault}
      open={form.open}
      onToggle={() =>
        form.toggle(() => {
          setValue(setting.base);
          setProxy(net.attestationProxy ?? '');
          setConcurrencyText(String(concurrency));
          setConcurrencyError(undefined);
        })
      }
      onSubmit={submit}
    >
      <SettingsUrlField
        first
        label="Registry base URL"
        name="registry"
        value={value}
        onChange={setValue}
        hint={`Kept in this browser. The registry must allow cross-origin requests (CORS). Default: ${DEFAULT_REGISTRY_URL}`}
      />
      <SettingsUrlField
        label="Attestation proxy (optional)"
        name="attestation-proxy"
        value={proxy}
        placeholder="https://your-proxy.example"
        onChange={setProxy}
        hint={
          <>
            Used only for /-/npm/v1/attestations/… and /-/npm/v1/keys, when the registry does not let a browser read
            them (CORS). Verification does not trust it: the attestations are still checked against Sigstore and
            npm&apos;s keys. See the README for a minimal proxy.
          </>
        }
      />
      <label htmlFor={concurrencyId} className="mt-3 block text-sm font-medium">
        Registry requests at once (dependency review)
      </label>
      <input
        id={concurrencyId}
        name="registry-concurrency"
        type="text"
        inputMode="numeric"
        value={concurrencyText}
        aria-invalid={concurrencyError ? true : undefined}
        aria-describedby={concurrencyHelpId}
        onChange={(e) => setConcurrencyText(e.target.value)}
        className="mt-1 w-24 rounded border border-zinc-300 px-2 py-1 font-mono text-sm aria-[invalid=true]:border-red-600 dark:border-zinc-700 dark:bg-zinc-950"
      />
      <p id={concurrencyHelpId} className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
        How many packuments a review fetches in parallel, {MIN_CONCURRENCY}–{MAX_CONCURRENCY}. Default:{' '}
        {DEFAULT_CONCURRENCY}.
      </p>
      <SettingsError error={concurrencyError} />
      <SettingsActions
        error={form.error}
        submitLabel="Save"
        onReset={() => {
          resetRegistry();
          setValue(DEFAULT_REGISTRY_URL);
          form.close();
        }}
      />
    </SettingsMenu>
  );
}
