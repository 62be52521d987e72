// Repository addresses come in many spellings (`git+https://…/x.git`, `git@github.com:o/r`,
// `github:o/r`, `o/r`); comparing them needs one canonical form. Only for comparison
// and display: links are built from the canonical https form, never from raw input.

/** Canonical `https://host/owner/repo` (lower-case host, no `.git`, no trailing slash). */
export function canonicalRepositoryUrl(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  // The analysis asks for the same few addresses thousands of times per run.
  if (canonicalCache.has(raw)) return canonicalCache.get(raw);
  const canonical = canonicalize(raw);
  if (canonicalCache.size >= CANONICAL_CACHE_LIMIT) canonicalCache.clear();
  canonicalCache.set(raw, canonical);
  return canonical;
}

const CANONICAL_CACHE_LIMIT = 5_000;
const canonicalCache = new Map<string, string | undefined>();

function canonicalize(raw: string): string | undefined {
  let value = raw.trim();
  // npm's shorthands: `github:o/r`, `gitlab:group/sub/project`, each with an optional
  // `#committish`; and the bare `o/r`, which npm reads as GitHub.
  const shorthand = /^(github|gitlab|bitbucket):([\w.-]+(?:\/[\w.-]+)+)(?:#.*)?$/i.exec(value);
  if (shorthand?.[1] && shorthand[2]) {
    const host = { github: 'github.com', gitlab: 'gitlab.com', bitbucket: 'bitbucket.org' }[
      shorthand[1].toLowerCase() as 'github' | 'gitlab' | 'bitbucket'
    ];
    value = `https://${host}/${shorthand[2]}`;
  } else if (/^[\w.-]+\/[\w.-]+(?:#.*)?$/.test(value)) {
    value = `https://github.com/${value.replace(/#.*$/, '')}`;
  }
  value = value.replace(/^git\+/, '');
  // scp-like `git@github.com:o/r.git`: only with a user@ or a dotted host, so that
  // `javascript:…` or `data:…` never pass for a host named "javascript".
  const scp = /^(?:([\w.-]+)@)?([\w-]+(?:\.[\w-]+)*):(?!\/\/)(.+)$/.exec(value);
  if (scp?.[2] && scp[3] && (scp[1] !== undefined || scp[2].includes('.'))) value = `https://${scp[2]}/${scp[3]}`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (!['https:', 'http:', 'git:', 'ssh:', 'git+ssh:'].includes(url.protocol)) return undefined;
  const path = url.pathname.replace(/\.git$/i, '').replace(/\/+$/, '');
  if (!path || path === '/' || !url.hostname) return undefined;
  return `https://${url.hostname.toLowerCase()}${path}`;
}

export function sameRepository(a: string | undefined, b: string | undefined): boolean | undefined {
  const ca = canonicalRepositoryUrl(a);
  const cb = canonicalRepositoryUrl(b);
  if (!ca || !cb) return undefined;
  return ca.toLowerCase() === cb.toLowerCase();
}

/**
 * The workflow file from a Fulcio build config URI
 * (`https://github.com/o/r/.github/workflows/release.yml@refs/tags/v1`) or a GitLab one
 * (`https://gitlab.com/o/r//.gitlab-ci.yml@refs/heads/main`): the path inside the repo.
 */
export function workflowPathFromUri(uri: string | undefined, repositoryUri?: string): string | undefined {
  if (!uri) return undefined;
  const withoutRef = uri.replace(/@[^@]*$/, '');
  const repo = canonicalRepositoryUrl(repositoryUri);
  // The repository must be a whole path prefix: `o/r` is not a prefix of `o/r-fork/…`.
  if (repo && withoutRef.toLowerCase().startsWith(`${repo.toLowerCase()}/`)) {
    return withoutRef.slice(repo.length).replace(/^\/+/, '') || undefined;
  }
  const marker = withoutRef.search(/\/\.(github|gitlab|circleci)/);
  if (marker >= 0) return withoutRef.slice(marker + 1);
  return withoutRef.split('/').slice(5).join('/') || undefined;
}
