// The options every registry request takes, and where attestations and keys are read
// (the attestation proxy or the registry). Shared by npm-registry.ts and
// npm-registry-keys.ts, so that fetching npm's keys does not import the packument parser.
import type { FetchLike, GetJsonOptions } from '../net/http-client';
import type { NetSettings } from '../net/net-settings';
import { normalizeRegistryUrl } from './registry-url';

export interface RequestOptions {
  signal?: AbortSignal;
  fetchImpl?: FetchLike;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Timeouts and the attestation proxy; the defaults when absent. */
  net?: NetSettings;
}

export function requestOptions(options: RequestOptions, totalTimeoutMs: number): GetJsonOptions {
  const { net, ...rest } = options;
  return { ...rest, totalTimeoutMs, ...(net?.idleTimeoutMs !== undefined ? { idleTimeoutMs: net.idleTimeoutMs } : {}) };
}

/**
 * Where attestations and keys are read: the attestation proxy when one is set, else the
 * registry. Both are checked again here (a worker gets them as plain strings), so an
 * invalid address stops with INVALID_REGISTRY_URL instead of reaching any registry.
 */
export function attestationBase(base: string, net: NetSettings | undefined): string {
  return normalizeRegistryUrl(net?.attestationProxy ?? base);
}
