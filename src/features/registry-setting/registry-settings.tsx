import { useState, type FormEvent } from 'react';
import { DEFAULT_REGISTRY_URL } from '../../core/registry/registry-url';
import { saveAttestationProxy, useNetSettings } from '../../lib/net-settings';
import { resetRegistry, saveRegistry, useRegistrySetting } from '../../lib/registry-setting';
import { useSettingsForm } from '../../lib/use-settings-form';
import { SettingsActions, SettingsMenu, SettingsUrlField } from '../../components/settings-controls';

export function RegistrySettings() {
  const setting = useRegistrySetting();
  const form = useSettingsForm();
  const { net } = useNetSettings();
  const [value, setValue] = useState(setting.base);
  const [proxy, setProxy] = useState(net.attestationProxy ?? '');

  function submit(event: FormEvent) {
    event.preventDefault();
    form.attempt(() => {
      const saved = saveRegistry(value);
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
