// The requests' default timeouts (documented in the README, "Timeouts"), apart from the
// HTTP client so that the page's settings (core/net/net-settings.ts, read by the entry)
// do not bring the client into the page.

/** 20 s without a byte: a registry that sends headers or part of a body and then stalls. */
export const DEFAULT_IDLE_TIMEOUT_MS = 20_000;
/** A packument of tens of megabytes on a slow connection still fits in 5 minutes. */
export const DEFAULT_PACKUMENT_TOTAL_TIMEOUT_MS = 300_000;
/** Attestations and keys are a few kilobytes to a few hundred. */
export const DEFAULT_ATTESTATIONS_TOTAL_TIMEOUT_MS = 60_000;
