import { describe, expect, it } from 'vitest';
import { listFixtures, readFixture } from '../../../test/support/fixtures';
import { canonicalRepositoryUrl, sameRepository, workflowPathFromUri } from './source-url';

describe('canonicalRepositoryUrl', () => {
  it.each([
    ['git+https://github.com/o/r.git', 'https://github.com/o/r'],
    ['https://github.com/o/r.git', 'https://github.com/o/r'],
    ['https://github.com/o/r', 'https://github.com/o/r'],
    ['https://github.com/o/r/', 'https://github.com/o/r'],
    ['https://github.com/o/r#readme', 'https://github.com/o/r'],
    ['https://github.com/o/r?tab=x', 'https://github.com/o/r'],
    ['http://GitHub.com/O/R/', 'https://github.com/O/R'],
    ['git@github.com:o/r.git', 'https://github.com/o/r'],
    ['git@github.com:o/r', 'https://github.com/o/r'],
    ['github:o/r', 'https://github.com/o/r'],
    ['GitHub:o/r', 'https://github.com/o/r'],
    ['o/r', 'https://github.com/o/r'],
    ['o/r.git', 'https://github.com/o/r'],
    ['git+ssh://git@github.com/o/r.git', 'https://github.com/o/r'],
    ['ssh://git@github.com/o/r', 'https://github.com/o/r'],
    ['git://github.com/o/r.git', 'https://github.com/o/r'],
    ['gitlab:group/project', 'https://gitlab.com/group/project'],
    ['bitbucket:team/repo', 'https://bitbucket.org/team/repo'],
    ['https://gitlab.com/group/subgroup/project.git', 'https://gitlab.com/group/subgroup/project'],
    ['git@gitlab.com:group/subgroup/project.git', 'https://gitlab.com/group/subgroup/project'],
    ['git+https://github.com/vercel/next.js.git', 'https://github.com/vercel/next.js'],
    ['  https://github.com/o/r  ', 'https://github.com/o/r'],
  ])('%j → %j', (raw, canonical) => {
    expect(canonicalRepositoryUrl(raw)).toBe(canonical);
  });

  it.each([
    undefined,
    '',
    '   ',
    'not a url',
    'https://github.com',
    'https://github.com/',
    'file:///etc/passwd',
    'ftp://host/o/r',
  ])('%j has no canonical form', (raw) => {
    expect(canonicalRepositoryUrl(raw)).toBeUndefined();
  });

  it('every repository.url in the recorded packuments has a canonical https form', () => {
    let seen = 0;
    for (const file of listFixtures('registry/packuments')) {
      const doc = readFixture<{ versions: Record<string, { repository?: string | { url?: string } }> }>(
        'registry/packuments',
        file,
      );
      for (const manifest of Object.values(doc.versions)) {
        const raw = typeof manifest.repository === 'string' ? manifest.repository : manifest.repository?.url;
        if (!raw) continue;
        expect(canonicalRepositoryUrl(raw), raw).toMatch(/^https:\/\/(github\.com|gitlab\.com)\/[\w.-]+\/[\w.-]+$/);
        seen++;
      }
    }
    expect(seen).toBeGreaterThan(150);
  });

  it('shorthands with a committish or GitLab subgroups keep their host', () => {
    // `github:o/r#main` and `gitlab:group/sub/project` fail the shorthand regex and fall
    // to the scp-like rule, which takes "github"/"gitlab" for a host name.
    expect(canonicalRepositoryUrl('github:o/r#main')).toBe('https://github.com/o/r');
    expect(canonicalRepositoryUrl('gitlab:group/sub/project')).toBe('https://gitlab.com/group/sub/project');
  });

  it(
    'javascript: and data: URLs are not turned into https URLs to hosts named "javascript"/"data"',
    () => {
      // Harmless for links (the result is https), but a canonical form of what is not a
      // repository at all: https://javascript/alert(1), https://data/text/plain,o/r.
      expect(canonicalRepositoryUrl('javascript:alert(1)')).toBeUndefined();
      expect(canonicalRepositoryUrl('data:text/plain,o/r')).toBeUndefined();
    },
  );
});

describe('sameRepository', () => {
  it('treats every spelling of one repository as the same, ignoring case', () => {
    const spellings = [
      'git+https://github.com/vuejs/core.git',
      'https://github.com/vuejs/core',
      'git@github.com:vuejs/core.git',
      'github:vuejs/core',
      'vuejs/core',
      'git+ssh://git@github.com/vuejs/core.git',
      'https://GITHUB.com/VueJS/Core/',
    ];
    for (const a of spellings) for (const b of spellings) expect(sameRepository(a, b), `${a} ~ ${b}`).toBe(true);
  });

  it('tells different repositories, hosts and forks apart', () => {
    expect(sameRepository('github:vuejs/core', 'github:vuejs/vue')).toBe(false);
    expect(sameRepository('https://github.com/o/r', 'https://gitlab.com/o/r')).toBe(false);
    expect(sameRepository('https://github.com/o/r', 'https://github.com/o/r-fork')).toBe(false);
    expect(sameRepository('https://github.com/nuxt/nuxt', 'git+https://github.com/nuxt/nuxt.js.git')).toBe(false);
  });

  it('is undefined when either side cannot be read', () => {
    expect(sameRepository(undefined, 'o/r')).toBeUndefined();
    expect(sameRepository('o/r', 'not a url')).toBeUndefined();
    expect(sameRepository('', '')).toBeUndefined();
  });
});

describe('workflowPathFromUri', () => {
  it.each([
    [
      'https://github.com/o/r/.github/workflows/release.yml@refs/tags/v1',
      'https://github.com/o/r',
      '.github/workflows/release.yml',
    ],
    [
      'https://github.com/O/R/.github/workflows/x.yml@refs/heads/main',
      'git+https://github.com/o/r.git',
      '.github/workflows/x.yml',
    ],
    ['https://gitlab.com/o/r//.gitlab-ci.yml@refs/heads/main', 'https://gitlab.com/o/r', '.gitlab-ci.yml'],
    ['https://gitlab.com/g/sub/p//ci/release.yml@refs/tags/v2', 'https://gitlab.com/g/sub/p', 'ci/release.yml'],
    ['https://github.com/o/r/.github/workflows/release.yml@refs/tags/v1', undefined, '.github/workflows/release.yml'],
    ['https://gitlab.com/o/r//.gitlab-ci.yml@main', undefined, '.gitlab-ci.yml'],
    ['https://circleci.com/x/y/z/.circleci/config.yml@main', undefined, '.circleci/config.yml'],
    ['https://example.com/a/b/c/d/e@x', undefined, 'c/d/e'],
    [
      'https://github.com/microsoft/playwright-cli/.github/workflows/publish.yml@refs/tags/v0.1.1',
      'https://github.com/microsoft/playwright-cli',
      '.github/workflows/publish.yml',
    ],
  ])('%s (repository %s) → %s', (uri, repo, path) => {
    expect(workflowPathFromUri(uri, repo)).toBe(path);
  });

  it('is undefined without a URI or without a path', () => {
    expect(workflowPathFromUri(undefined, 'https://github.com/o/r')).toBeUndefined();
    expect(workflowPathFromUri('', 'https://github.com/o/r')).toBeUndefined();
    expect(workflowPathFromUri('https://github.com/o/r@refs/heads/main', 'https://github.com/o/r')).toBeUndefined();
  });

  it('the repository prefix is matched without a path boundary', () => {
    // With repository https://github.com/o/r, a build config in https://github.com/o/r-fork
    // yields "-fork/.github/workflows/x.yml".
    expect(
      workflowPathFromUri('https://github.com/o/r-fork/.github/workflows/x.yml@ref', 'https://github.com/o/r'),
    ).toBe('.github/workflows/x.yml');
  });
});
