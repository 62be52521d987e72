import { describeTrustState, trustedRootDate, type TrustedRootState } from '../core/trust/trust-state';
import { useTrustedRoot } from '../lib/use-trusted-root';

/**
 * Which Sigstore trusted root the verifications on this page use, its date, and on a
 * fallback why (testing hook: data-testid="trusted-root-status", data-source,
 * data-updated, data-reason). `customRoot`: the bundle page's own trusted root field.
 */
export function TrustedRootStatus({ customRoot }: { customRoot?: string }) {
  const { data } = useTrustedRoot();
  const custom = customRoot?.trim() ? customState(customRoot, data) : undefined;
  const state = custom ?? data;
  const fallback = state?.source === 'bundled' || state?.source === 'cached';
  return (
    <p
      data-testid="trusted-root-status"
      data-pending={state ? undefined : 'true'}
      data-source={state?.source}
      data-updated={state?.updated || undefined}
      data-reason={state?.reasonCode}
      role="status"
      className={`mt-2 max-w-4xl text-xs break-words ${
        fallback ? 'text-amber-800 dark:text-amber-300' : 'text-zinc-600 dark:text-zinc-400'
      }`}
    >
      {state ? describeTrustState(state) : "Checking Sigstore's TUF repository for the current trusted root…"}
    </p>
  );
}

function customState(text: string, base: TrustedRootState | undefined): TrustedRootState {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch {
    root = undefined;
  }
  return {
    source: 'custom',
    trustedRoot: undefined,
    npmKeys: undefined,
    updated: trustedRootDate(root),
    repository: base?.repository ?? '',
  };
}
