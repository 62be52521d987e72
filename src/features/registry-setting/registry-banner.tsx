import { DEFAULT_REGISTRY_URL } from '../../core/registry/registry-url';
import { useNetSettings } from '../../lib/use-net-settings';
import { resetRegistry, useRegistrySetting } from '../../lib/registry-setting';

/** Shown whenever the app does not read the public npm registry, and when a setting was refused. */
export function RegistryBanner() {
  const setting = useRegistrySetting();
  const { net, proxyProblem } = useNetSettings();
  const proxy = net.attestationProxy;
  if (setting.isDefault && !setting.problem && !proxy) return null;
  return (
    <div
      role="status"
      data-testid="registry-banner"
      className="border-b border-amber-300 bg-amber-50 px-4 py-2 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950/50 dark:text-amber-100"
    >
      {setting.problem ? <p data-testid="registry-problem">{setting.problem}</p> : null}
      {proxy ? (
        <p data-testid="attestation-proxy">
          {proxyProblem ?? (
            <>
              Attestations and npm&apos;s keys are read through <span className="break-all font-mono">{proxy}</span>,
              the attestation proxy.
            </>
          )}
        </p>
      ) : null}
      {setting.invalid ? (
        <p>
          Fix it with the Registry button or in the page address.{' '}
          <button type="button" onClick={resetRegistry} className="underline">
            Use the public registry
          </button>
        </p>
      ) : null}
      {!setting.isDefault && !setting.invalid ? (
        <p>
          Reading from <span className="break-all font-mono">{setting.base}</span>, not the public npm registry (
          {DEFAULT_REGISTRY_URL})
          {setting.source === 'url' ? ', as the page address asks' : ', as saved in this browser'}. Attestations are
          still verified against the Sigstore public-good root and npm&apos;s keys.{' '}
          {setting.source === 'saved' ? (
            <button type="button" onClick={resetRegistry} className="underline">
              Use the public registry
            </button>
          ) : null}
        </p>
      ) : null}
    </div>
  );
}
