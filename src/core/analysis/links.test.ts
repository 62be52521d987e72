// Links built from untrusted metadata: only http(s), only from canonical forms.
import { describe, expect, it } from 'vitest';
import { loadPackument } from '../../../test/support/derived-record';
import { derivedIdentity, derivedPredicate } from '../../../test/support/derived-verification';
import { compareUrl, rekorEntryUrl, safeHttpUrl, versionLinks } from './links';

describe('safeHttpUrl', () => {
  it.each([
    ['https://github.com/o/r', 'https://github.com/o/r'],
    ['http://127.0.0.1:1/x', 'http://127.0.0.1:1/x'],
  ])('%s is kept', (raw, url) => {
    expect(safeHttpUrl(raw)).toBe(url);
  });

  it.each([
    undefined,
    '',
    'javascript:alert(1)',
    'JAVASCRIPT:alert(1)',
    ' javascript:alert(1)',
    'data:text/html,x',
    'vbscript:x',
    'file:///etc/passwd',
    'https://user:pw@host/x',
    '//host/x',
    'not a url',
  ])('%j is refused', (raw) => {
    expect(safeHttpUrl(raw)).toBeUndefined();
  });
});

describe('versionLinks', () => {
  const record = loadPackument('create-next-app').versions.find((v) => v.version === '16.1.6')!;

  it('derived: certificate facts give repository, commit, workflow and run links', () => {
    const identity = derivedIdentity(record, {
      runInvocationUri: 'https://github.com/vercel/next.js/actions/runs/1/attempts/1',
    });
    const links = versionLinks(record, identity, derivedPredicate(identity), {
      provenance: { logIndex: '953297574', logBaseUrl: 'https://rekor.sigstore.dev' },
      publish: { logIndex: '1', logBaseUrl: 'https://log2025-1.rekor.sigstore.dev' },
    });
    expect(links).toEqual({
      repository: 'https://github.com/vercel/next.js',
      commit: `https://github.com/vercel/next.js/commit/${record.gitHead}`,
      workflow: `https://github.com/vercel/next.js/blob/${record.gitHead}/.github/workflows/release.yml`,
      run: 'https://github.com/vercel/next.js/actions/runs/1/attempts/1',
      rekorProvenance: 'https://search.sigstore.dev/?logIndex=953297574',
      rekorPublish: 'https://log2025-1.rekor.sigstore.dev/',
      tarball: record.dist.tarball,
    });
  });

  it('without verification, falls back to the packument (repository.url, gitHead)', () => {
    const links = versionLinks(record, undefined, undefined);
    expect(links.repository).toBe('https://github.com/vercel/next.js');
    expect(links.commit).toBe(`https://github.com/vercel/next.js/commit/${record.gitHead}`);
    expect(links.workflow).toBeUndefined();
    expect(links.run).toBeUndefined();
  });

  it('derived: hostile metadata never yields a non-http link', () => {
    const hostile = {
      ...record,
      repositoryUrl: 'javascript:alert(1)',
      gitHead: '"><script>',
      dist: { ...record.dist, tarball: 'javascript:alert(2)' },
    };
    const links = versionLinks(
      hostile,
      { runInvocationUri: 'data:text/html,x', sourceRepositoryUri: 'vbscript:x' },
      { predicateType: 'x', invocationId: 'javascript:y' },
    );
    for (const value of Object.values(links)) expect(value).toMatch(/^https?:\/\//);
    expect(links.commit).toBeUndefined();
    expect(links.run).toBeUndefined();
    expect(links.tarball).toBeUndefined();
  });
});

describe('rekorEntryUrl and compareUrl', () => {
  it('links public-good entries to search.sigstore.dev, other logs to themselves, and refuses odd indexes', () => {
    expect(rekorEntryUrl({ logIndex: '12988397' })).toBe('https://search.sigstore.dev/?logIndex=12988397');
    expect(rekorEntryUrl({ logIndex: '1', logBaseUrl: 'https://rekor.sigstore.dev/' })).toBe(
      'https://search.sigstore.dev/?logIndex=1',
    );
    expect(rekorEntryUrl({ logIndex: '1', logBaseUrl: 'https://log2025-1.rekor.sigstore.dev' })).toBe(
      'https://log2025-1.rekor.sigstore.dev/',
    );
    expect(rekorEntryUrl({ logIndex: '1', logBaseUrl: 'javascript:alert(1)' })).toBeUndefined();
    expect(rekorEntryUrl({ logIndex: '1&x=<y>' })).toBeUndefined();
    expect(rekorEntryUrl({ logIndex: '' })).toBeUndefined();
  });

  it('compares commits on GitHub and GitLab, and only hex commits', () => {
    expect(compareUrl('git+https://github.com/o/r.git', 'abc1234', 'def5678')).toBe(
      'https://github.com/o/r/compare/abc1234...def5678',
    );
    expect(compareUrl('https://gitlab.com/g/p', 'abc1234', 'def5678')).toBe(
      'https://gitlab.com/g/p/-/compare/abc1234...def5678',
    );
    expect(compareUrl('https://github.com/o/r', 'main', 'def5678')).toBeUndefined();
    expect(compareUrl(undefined, 'abc1234', 'def5678')).toBeUndefined();
  });
});
