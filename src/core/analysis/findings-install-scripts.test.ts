// install-scripts-added on the recorded packuments (nuxt's real postinstall scripts) and
// on DERIVED versions: each derived version is a copy of a recorded one (derivedVersion)
// with its install scripts, version and publish time changed, as each test says.
import { describe, expect, it } from 'vitest';
import type { Finding, PackageAnalysis, PackageRecord, VersionRecord } from '../model';
import { derivedVersion, loadPackument, withVersions } from '../../../test/support/derived-record';
import { derivedLookup } from '../../../test/support/derived-verification';
import { listFixtures } from '../../../test/support/fixtures';
import { analyzePackage } from './analyze-package';
import { findInstallScriptChanges } from './findings-install-scripts';

const ofKind = (a: PackageAnalysis, kind: Finding['kind']) => a.findings.filter((f) => f.kind === kind);
const rec = (pkg: PackageRecord, v: string): VersionRecord => pkg.versions.find((r) => r.version === v)!;
const scriptsFindings = (pkg: PackageRecord) =>
  ofKind(analyzePackage(pkg, derivedLookup(pkg)), 'install-scripts-added');

const nuxt = loadPackument('nuxt');
const vue = loadPackument('vue');

/** DERIVED: a new version of `pkg` copied from `from`, with the given changes. */
function derivedFrom(pkg: PackageRecord, from: string, changes: Partial<VersionRecord>): VersionRecord {
  return derivedVersion(rec(pkg, from), { distTags: [], ...changes });
}

describe('install scripts on the recorded packuments', () => {
  it('nuxt: 2.18.1 changed the postinstall command of 1.4.5 → low, with both commands', () => {
    expect(rec(nuxt, '1.4.5').installScripts).toEqual({ postinstall: 'opencollective postinstall || exit 0' });
    expect(rec(nuxt, '2.18.1').installScripts).toEqual({ postinstall: 'opencollective || exit 0' });
    expect(scriptsFindings(nuxt)).toEqual([
      {
        kind: 'install-scripts-added',
        severity: 'low',
        versions: ['2.18.1', '1.4.5'],
        message:
          '2.18.1 (2024-06-28) changes its postinstall script from "opencollective postinstall || exit 0" to ' +
          '"opencollective || exit 0", compared with 1.4.5 (2018-11-27), the version published before it. The ' +
          'package already ran code at install time, but what runs changed: check the new command, since it runs on ' +
          'every `npm install` with the installing user’s rights.',
      },
    ]);
  });

  it('nuxt: 1.4.5, the oldest recorded version, has nothing to be compared with; dropping scripts is no finding', () => {
    const findings = scriptsFindings(nuxt);
    expect(findings.flatMap((f) => f.versions)).not.toContain('4.0.0-alpha.4');
    expect(findings.map((f) => f.versions[0])).toEqual(['2.18.1']);
  });

  it('no other recorded packument has install scripts, so no finding', () => {
    for (const file of listFixtures('registry/packuments')) {
      const name = file.replace(/\.json$/, '').replace('_', '/');
      if (name === 'nuxt') continue;
      expect(scriptsFindings(loadPackument(name)), name).toEqual([]);
    }
  });
});

describe('install scripts appearing (derived versions)', () => {
  it('derived: vue 3.5.28 with a postinstall in a history that never had one → high, against 3.5.27', () => {
    // DERIVED: 3.5.28 copied from 3.5.27, a day later, with a postinstall script.
    const v3528 = derivedFrom(vue, '3.5.27', {
      version: '3.5.28',
      publishedAt: '2026-01-20T10:00:00.000Z',
      installScripts: { postinstall: 'node ./scripts/setup.js' },
    });
    const findings = scriptsFindings(withVersions(vue, [v3528]));
    expect(findings).toEqual([
      {
        kind: 'install-scripts-added',
        severity: 'high',
        versions: ['3.5.28', '3.5.27'],
        message:
          '3.5.28 (2026-01-20) runs code at install time: it adds postinstall "node ./scripts/setup.js", where 3.5.27 ' +
          '(2026-01-19), the previous version of its 3.x line, had no install script. No earlier version of the ' +
          'package had one. Install scripts run on every `npm install` with the installing user’s rights, a classic ' +
          'way to deliver malware through a hijacked package; some packages legitimately build native code at ' +
          'install time (node-gyp), so check what the command runs.',
      },
    ]);
  });

  it('derived: several hooks are all named, in lifecycle order', () => {
    const v3528 = derivedFrom(vue, '3.5.27', {
      version: '3.5.28',
      publishedAt: '2026-01-20T10:00:00.000Z',
      installScripts: { postinstall: 'node b.js', preinstall: 'node a.js', install: 'node-gyp rebuild' },
    });
    const [finding] = scriptsFindings(withVersions(vue, [v3528]));
    expect(finding?.severity).toBe('high');
    expect(finding?.message).toContain(
      'it adds preinstall "node a.js", install "node-gyp rebuild" and postinstall "node b.js", where',
    );
  });

  it('derived: the first version of a new line is compared with the version published before it', () => {
    // DERIVED: vue 4.0.0 (a new line) copied from 3.6.0-beta.5, with an install script.
    const v400 = derivedFrom(vue, '3.6.0-beta.5', {
      version: '4.0.0',
      publishedAt: '2026-02-10T00:00:00.000Z',
      installScripts: { install: 'node-gyp rebuild' },
    });
    const [finding, ...rest] = scriptsFindings(withVersions(vue, [v400]));
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ severity: 'high', versions: ['4.0.0', '3.6.0-beta.5'] });
    expect(finding?.message).toContain(
      'where 3.6.0-beta.5 (2026-01-30), the version published before it, had no install script.',
    );
  });

  it('derived: nuxt 4.3.2 with a postinstall again, after versions without → medium, naming the last that had one', () => {
    // DERIVED: 4.3.2 copied from 4.3.1 with 2.18.1's postinstall command.
    const v432 = derivedFrom(nuxt, '4.3.1', {
      version: '4.3.2',
      publishedAt: '2026-02-10T00:00:00.000Z',
      installScripts: { postinstall: 'opencollective || exit 0' },
    });
    const findings = scriptsFindings(withVersions(nuxt, [v432])).filter((f) => f.versions[0] === '4.3.2');
    expect(findings).toEqual([
      {
        kind: 'install-scripts-added',
        severity: 'medium',
        versions: ['4.3.2', '4.3.1', '2.18.1'],
        message:
          '4.3.2 (2026-02-10) runs code at install time: it adds postinstall "opencollective || exit 0", where 4.3.1 ' +
          '(2026-02-07), the previous version of its 4.x line, had no install script. The package had install ' +
          'scripts before (last in 2.18.1, 2024-06-28: postinstall "opencollective || exit 0"), so they may be ' +
          'coming back on purpose; check that the command is what the project runs.',
      },
    ]);
  });

  it('derived: a backport to the 2.x line with the postinstall that line always had → no finding', () => {
    // DERIVED: 2.18.2 copied from 2.18.1 (same postinstall), published after the 4.x releases.
    const v2182 = derivedFrom(nuxt, '2.18.1', { version: '2.18.2', publishedAt: '2026-02-10T00:00:00.000Z' });
    const findings = scriptsFindings(withVersions(nuxt, [v2182]));
    expect(findings.filter((f) => f.versions[0] === '2.18.2')).toEqual([]);
  });

  it('derived: a hook added next to an existing one → medium; a command changed as well → both said, medium', () => {
    const v2182 = derivedFrom(nuxt, '2.18.1', {
      version: '2.18.2',
      publishedAt: '2026-02-10T00:00:00.000Z',
      installScripts: { preinstall: 'node check.js', postinstall: 'node telemetry.js' },
    });
    const [finding] = scriptsFindings(withVersions(nuxt, [v2182])).filter((f) => f.versions[0] === '2.18.2');
    expect(finding).toMatchObject({ severity: 'medium', versions: ['2.18.2', '2.18.1'] });
    expect(finding?.message).toBe(
      '2.18.2 (2026-02-10) adds preinstall "node check.js" to the install scripts 2.18.1 already had and changes its ' +
        'postinstall script from "opencollective || exit 0" to "node telemetry.js", compared with 2.18.1 ' +
        '(2024-06-28), the previous version of its 2.x line. The package already ran code at install time, but what ' +
        'runs changed: check the new command, since it runs on every `npm install` with the installing user’s rights.',
    );
  });

  it('derived: a long command is cut and says how long it is; control characters do not reach the message', () => {
    const payload = `node -e "${'require(`x`);'.repeat(40)}"\r\nrm -rf /`;
    const v3528 = derivedFrom(vue, '3.5.27', {
      version: '3.5.28',
      publishedAt: '2026-01-20T10:00:00.000Z',
      installScripts: { preinstall: payload },
    });
    const [finding] = scriptsFindings(withVersions(vue, [v3528]));
    expect(finding?.message).toMatch(/preinstall "node -e "require\(`x`\);.*…" \(\d+ characters\), where/);
    expect(finding?.message).not.toMatch(/[\r\n]/);
    expect(finding?.message).not.toContain('rm -rf');
  });

  it('derived: a blank command runs nothing and is no install script', () => {
    const v3528 = derivedFrom(vue, '3.5.27', {
      version: '3.5.28',
      publishedAt: '2026-01-20T10:00:00.000Z',
      installScripts: { postinstall: '   ' },
    });
    expect(scriptsFindings(withVersions(vue, [v3528]))).toEqual([]);
  });

  it('derived: a package whose first version already has install scripts: nothing to compare, no finding', () => {
    const only = derivedFrom(vue, '3.5.27', { installScripts: { install: 'node-gyp rebuild' } });
    const pkg: PackageRecord = { ...vue, versions: [only], removedVersions: [] };
    expect(scriptsFindings(pkg)).toEqual([]);
  });

  it('derived: judged on metadata, so it does not wait for verification', () => {
    const v3528 = derivedFrom(vue, '3.5.27', {
      version: '3.5.28',
      publishedAt: '2026-01-20T10:00:00.000Z',
      installScripts: { postinstall: 'node x.js' },
    });
    const pkg = withVersions(vue, [v3528]);
    const pending = analyzePackage(pkg, () => undefined);
    expect(ofKind(pending, 'install-scripts-added').map((f) => f.severity)).toEqual(['high']);
    // The rule on its own, on the views oldest first.
    expect(findInstallScriptChanges([...pending.versions].reverse())).toHaveLength(1);
  });
});
