// Helpers for the hostile-registry specs: the fixture registry's hostile modes
// (e2e/fixture-registry/hostile-modes.ts) and page addresses with extra parameters.
import type { Page } from '@playwright/test';
import type { HostileMode } from '../fixture-registry/hostile-modes';
import { REGISTRY } from './app';

/** The base URL of a hostile mode: a registry of its own. */
export function hostile(mode: HostileMode): string {
  return `${REGISTRY}/hostile/${mode}`;
}

/** The registry's other origin (127.0.0.1 ↔ localhost, same port), where redirects lead. */
export const OTHER_ORIGIN = REGISTRY.replace('127.0.0.1', 'localhost');

/** `/?registry=…&<params>#<hash>`; a `null` value leaves the parameter out. */
export function pageUrl(hashPath: string, params: Record<string, string | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== null) search.set(key, value);
  return `/?${search.toString()}#${hashPath}`;
}

/** Every request the page (and its workers) sends, by URL. */
export function recordRequests(page: Page): string[] {
  const urls: string[] = [];
  page.on('request', (request) => urls.push(request.url()));
  return urls;
}
