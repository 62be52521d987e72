import { useMemo } from 'react';
import { describeTrustState, trustedRootDate, type TrustedRootState } from '../core/trust/trust-state';
import { useTrustedRoot } from '../lib/use-trusted-root';

/**
 * Which Sigstore trusted root the verifications on this page use, its date, and on a
 * fallback why (testing hook: data-testid="trusted-root-status", data-source,
 * data-updated, data-reason). `customRoot`: the bundle page's own trusted root field.
 */
export function TrustedRootStatus({ customRoot }: { customRoot?: string }) {
  const { data } = useTrustedRoot();
  // Parsed once per text of the field (a root can be megabytes), not once per render.
  const customUpdated = useMemo(() => (customRoot?.trim() ? customRootDate(customRoot) : undefined), [customRoot]);
  const custom = customUpdated !== undefined ? customState(customUpdated, data) : undefined;
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

/** The newest start date in a pasted trusted root ('' when it is not JSON or has none). */
function customRootDate(text: string): string {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch {
    root = undefined;
  }
  return trustedRootDate(root);
}

function customState(updated: string, base: TrustedRootState | undefined): TrustedRootState {
  return {
    source: 'custom',
    trustedRoot: undefined,
    npmKeys: undefined,
    updated,
    repository: base?.repository ?? '',
  };
}
