import type { ReactNode } from 'react';
import { RegistryError, type RegistryErrorCode } from '../core/net/http-errors';

const TITLES: Record<RegistryErrorCode, string> = {
  INVALID_NAME: 'Not a valid package name',
  NOT_FOUND: 'Package not found',
  NETWORK: 'The registry could not be reached',
  HTTP_STATUS: 'The registry answered with an error',
  RATE_LIMITED: 'The registry is rate limiting requests',
  MALFORMED_RESPONSE: "The registry's answer could not be read",
  ABORTED: 'The request was cancelled',
  INVALID_REGISTRY_URL: 'The registry address is not valid',
  TIMEOUT: 'The registry stopped answering',
  CROSS_ORIGIN_REDIRECT: 'The registry redirected to another site',
  CORS: 'The browser refused to read the registry’s answer',
};

const HINTS: Partial<Record<RegistryErrorCode, string>> = {
  NETWORK:
    'This can mean you are offline, the registry address is wrong, or the registry does not send CORS headers, which a browser needs to read it from this page.',
  RATE_LIMITED: 'Wait a moment and try again.',
  MALFORMED_RESPONSE: 'The response may have been cut off by the network or a proxy. Try again.',
  HTTP_STATUS: 'The registry may be having trouble. Try again later.',
  TIMEOUT: 'The registry may be overloaded, or something between you and it holds the connection open. Try again.',
  CROSS_ORIGIN_REDIRECT:
    'Answers are only taken from the registry you chose. Use the address the registry redirects to as the registry, if you trust it.',
  CORS: 'A browser only lets a page read another site’s answers when that site allows it with CORS headers. Use a registry (or mirror) that sends Access-Control-Allow-Origin.',
  INVALID_REGISTRY_URL:
    'Nothing was sent to any registry. Fix the address with the Registry button or in the ?registry= part of the page address.',
};

export function ErrorPanel({ error, action }: { error: unknown; action?: ReactNode }) {
  const registryError = error instanceof RegistryError ? error : undefined;
  const code = registryError?.code;
  const title = code ? TITLES[code] : 'Something went wrong';
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div
      role="alert"
      data-testid="error"
      data-error-code={code ?? 'UNKNOWN'}
      className="rounded-md border border-red-300 bg-red-50 p-4 text-red-950 dark:border-red-800 dark:bg-red-950/40 dark:text-red-100"
    >
      <h2 className="font-semibold">{title}</h2>
      <p className="mt-1 text-sm">{message}</p>
      {registryError?.problems?.length ? (
        <ul className="mt-2 list-disc pl-5 text-sm">
          {registryError.problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      ) : null}
      {code && HINTS[code] ? <p className="mt-2 text-sm opacity-90">{HINTS[code]}</p> : null}
      {registryError?.retryAfterSeconds !== undefined ? (
        <p className="mt-1 text-sm">The registry asks to wait {registryError.retryAfterSeconds} s.</p>
      ) : null}
      {registryError?.url ? <p className="mt-2 break-all font-mono text-xs opacity-75">{registryError.url}</p> : null}
      {action ? <div className="mt-3">{action}</div> : null}
    </div>
  );
}
