import { useId, useState, type FormEvent } from 'react';
import { DEFAULT_REGISTRY_URL } from '../../core/registry/registry-url';
import { saveAttestationProxy, useNetSettings } from '../../lib/net-settings';
import { resetRegistry, saveRegistry, useRegistrySetting } from '../../lib/registry-setting';
import { parseConcurrency, DEFAULT_CONCURRENCY, MAX_CONCURRENCY, MIN_CONCURRENCY } from '../../core/review/concurrency';
import { saveReviewConcurrency, useReviewConcurrency } from '../../lib/review-concurrency';
import { ResetButton, SettingsError, SubmitButton } from '../../components/settings-controls';

export function RegistrySettings() {
  const setting = useRegistrySetting();
  const [open, setOpen] = useState(false);
  const { net } = useNetSettings();
  const [value, setValue] = useState(setting.base);
  const [proxy, setProxy] = useState(net.attestationProxy ?? '');
  const concurrency = useReviewConcurrency();
  const [concurrencyText, setConcurrencyText] = useState(String(concurrency));
  const [error, setError] = useState<string>();
  const [concurrencyError, setConcurrencyError] = useState<string>();
  const inputId = useId();
  const proxyId = useId();
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
    try {
      const saved = saveRegistry(value);
      setConcurrencyText(String(saveReviewConcurrency(concurrencyText)));
      const before = net.attestationProxy;
      const savedProxy = saveAttestationProxy(proxy);
      setValue(saved);
      setProxy(savedProxy ?? '');
      setError(undefined);
      setOpen(false);
      // Results already shown were read without (or through another) proxy.
      if (savedProxy !== before) window.location.reload();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  return (
    <div className="relative">
      <button
        type="button"
        aria-expanded={open}
        onClick={() => {
          setValue(setting.base);
          setProxy(net.attestationProxy ?? '');
          setConcurrencyText(String(concurrency));
          setConcurrencyError(undefined);
          setOpen((o) => !o);
        }}
        className="rounded border border-zinc-300 px-2 py-1 text-xs hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
      >
        Registry{setting.isDefault ? '' : ' (custom)'}
      </button>
      {open ? (
        <form
          onSubmit={submit}
          noValidate
          className="absolute right-0 z-10 mt-1 w-96 max-w-[90vw] rounded-md border border-zinc-300 bg-white p-3 shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
        >
          <label htmlFor={inputId} className="block text-sm font-medium">
            Registry base URL
          </label>
          <input
            id={inputId}
            name="registry"
            type="url"
            value={value}
            onChange={(e) => setValue(e.target.value)}
            className="mt-1 w-full rounded border border-zinc-300 px-2 py-1 font-mono text-sm dark:border-zinc-700 dark:bg-zinc-950"
          />
          <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
            Kept in this browser. The registry must allow cross-origin requests (CORS). Default: {DEFAULT_REGISTRY_URL}
          </p>
          <label htmlFor={proxyId} className="mt-3 block text-sm font-medium">
            Attestation proxy (optional)
          </label>
          <input
            id={proxyId}
            name="attestation-proxy"
            type="url"
            value={proxy}
            placeholder="https://your-proxy.example"
            onChange={(e) => setProxy(e.target.value)}
            className="mt-1 w-full rounded border border-zinc-300 px-2 py-1 font-mono text-sm dark:border-zinc-700 dark:bg-zinc-950"
          />
          <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
            Used only for /-/npm/v1/attestations/… and /-/npm/v1/keys, when the registry does not let a browser read
            them (CORS). Verification does not trust it: the attestations are still checked against Sigstore and
            npm&apos;s keys. See the README for a minimal proxy.
          </p>
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
            How many packuments a review fetches in parallel, {MIN_CONCURRENCY}–{MAX_CONCURRENCY}. Default: {DEFAULT_CONCURRENCY}.
          </p>
          <SettingsError error={concurrencyError} />
          <SettingsError error={error} />
          <div className="mt-2 flex gap-2">
            <SubmitButton>Save</SubmitButton>
            <ResetButton
              onClick={() => {
                resetRegistry();
                setValue(DEFAULT_REGISTRY_URL);
                setOpen(false);
              }}
            />
          </div>
        </form>
      ) : null}
    </div>
  );
}
