// npm's keys for a registry, as the verifiers use them: the registry's answer merged with
// the keys of Sigstore's TUF repository (or the ones bundled at build time). Every
// verification and every stored verdict's key needs them, so a shared link to a package
// starts this request at navigation (app/preload-route.ts → preloadVerifications), in
// parallel with the packument; the registry-keys query's first load adopts it.
import { npmKeys as bundledTufKeys } from 'virtual:sigstore-seeds';
import { parseTufRegistryKeys } from '../../core/registry/npm-keys';
import {
  combineRegistryKeys,
  fetchRegistryKeysResponse,
  type fetchRegistryKeys,
} from '../../core/registry/npm-registry-keys';
import type { TrustedRootState } from '../../core/trust/trust-state';
import { currentNetSettings } from '../net-settings';
import { trustedRootState } from '../trust-client';
import { abortError } from '../worker-rpc';

export type RegistryKeysAnswer = Awaited<ReturnType<typeof fetchRegistryKeys>>;

const BUNDLED_KEYS = parseTufRegistryKeys(bundledTufKeys);
/** A request started at navigation is adopted within this long, or dropped. */
const EARLY_ADOPTION_MS = 30_000;

interface Early {
  key: string;
  /** The trust state it was started with: a change of TUF settings since makes it unusable. */
  trust: Promise<TrustedRootState>;
  answer: Promise<RegistryKeysAnswer>;
}

let early: Early | undefined;

function keyOf(base: string): string {
  return `${base}\n${currentNetSettings().attestationProxy ?? ''}`;
}

async function load(base: string, trust: Promise<TrustedRootState>, signal?: AbortSignal): Promise<RegistryKeysAnswer> {
  // The registry's answer and the TUF repository's keys, asked at the same time.
  const [response, { npmKeys }] = await Promise.all([
    fetchRegistryKeysResponse(base, { signal, net: currentNetSettings() }),
    trust,
  ]);
  return combineRegistryKeys(response, npmKeys ? parseTufRegistryKeys(npmKeys) : BUNDLED_KEYS);
}

/** The keys for `base` (the registry-keys query's function): the request started at navigation, or a new one. */
export function registryKeys(base: string, signal?: AbortSignal): Promise<RegistryKeysAnswer> {
  const trust = trustedRootState();
  const adopted = early && early.key === keyOf(base) && early.trust === trust && !signal?.aborted ? early : undefined;
  early = undefined;
  if (!adopted) return load(base, trust, signal);
  if (!signal) return adopted.answer;
  return new Promise((resolve, reject) => {
    signal.addEventListener('abort', () => reject(abortError()), { once: true });
    adopted.answer.then(resolve, reject);
  });
}

/** Starts the keys request for `base` now (at navigation); the next `registryKeys(base)` adopts it. */
export function preloadRegistryKeys(base: string): void {
  const trust = trustedRootState();
  const key = keyOf(base);
  if (early?.key === key && early.trust === trust) return;
  const started: Early = { key, trust, answer: load(base, trust) };
  started.answer.catch(() => undefined); // Seen by whoever adopts it.
  early = started;
  setTimeout(() => {
    if (early === started) early = undefined;
  }, EARLY_ADOPTION_MS);
}
