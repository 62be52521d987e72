// Test-only: a derived TUF repository's files (e2e/fixture-registry/tuf-repository.ts)
// served at one address through a recording fake fetch, 404 for anything else.
import type { FetchLike } from '../../src/core/net/http-client';
import { fakeFetch } from './fake-fetch';

export const TUF_MIRROR = 'https://tuf.example/repo';

/** `files`' answer to a request for `url`: the file at its path under TUF_MIRROR, else a 404. */
export function tufReply(files: ReadonlyMap<string, string>, url: string): Response {
  const text = url.startsWith(`${TUF_MIRROR}/`)
    ? files.get(decodeURIComponent(url.slice(TUF_MIRROR.length + 1)))
    : undefined;
  return text === undefined
    ? new Response('{"error":"not found"}', { status: 404 })
    : new Response(text, { status: 200 });
}

/** Serves `files` (path → text) at TUF_MIRROR; `urls()` lists the requests made. */
export function serveTufFiles(files: ReadonlyMap<string, string>): { fetchImpl: FetchLike; urls: () => string[] } {
  const { fetchImpl, requests } = fakeFetch((url) => tufReply(files, url));
  return { fetchImpl, urls: () => requests.map((r) => r.url) };
}
