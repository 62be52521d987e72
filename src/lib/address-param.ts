/**
 * A setting saved for this browser would be overridden by the same setting in the page's
 * address (`?registry=`, `?attestation-proxy=`): when the address has the parameter, it is
 * rewritten to the saved value (removed for the default), keeping the current route.
 */
export function rewriteAddressParam(name: string, value: string | undefined): void {
  const url = new URL(window.location.href);
  if (!url.searchParams.has(name)) return;
  if (value === undefined) url.searchParams.delete(name);
  else url.searchParams.set(name, value);
  window.history.replaceState(window.history.state, '', url);
}
