// How the app talks to the network, beyond the registry address: timeouts and the
// optional attestation proxy. Plain data, so it crosses into the workers as it is.
import { DEFAULT_IDLE_TIMEOUT_MS } from './timeouts';

export interface NetSettings {
  /** No byte for this long stops a request (TIMEOUT). Default DEFAULT_IDLE_TIMEOUT_MS. */
  idleTimeoutMs?: number;
  /**
   * A base URL used instead of the registry for `/-/npm/v1/attestations/…` and
   * `/-/npm/v1/keys` only, for registries whose answers on those paths a browser may not
   * read (no CORS headers). Already normalised (see normalizeRegistryUrl).
   */
  attestationProxy?: string;
}

/** The idle timeout from `?timeout=<seconds>`: a positive number of seconds up to an hour. */
export function parseTimeoutSeconds(raw: string | null | undefined): number | undefined {
  if (raw === null || raw === undefined || !/^\d+(\.\d+)?$/.test(raw.trim())) return undefined;
  const seconds = Number(raw.trim());
  return seconds > 0 && seconds <= 3600 ? seconds * 1000 : undefined;
}

export function idleTimeoutOf(net: NetSettings | undefined): number {
  return net?.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
}
