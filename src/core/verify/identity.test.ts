// certificateIdentity and predicateFacts on the recorded bundles: exact values, so a
// change in how an extension is decoded shows up here. Runs in both test projects.
import { Buffer } from 'buffer';
import { X509Certificate } from '@sigstore/core';
import { describe, expect, it } from 'vitest';
import {
  clone,
  entryOf,
  leafCertificateBase64,
  readAttestations,
  readBundle,
  statementOf,
} from '../../../test/support/derived-record';
import { SLSA_V02, SLSA_V1, certificateIdentity, predicateFacts } from './identity';

function leafOf(bundle: unknown): X509Certificate {
  return X509Certificate.parse(Buffer.from(leafCertificateBase64(bundle), 'base64'));
}

const playwright = entryOf(readAttestations('@playwright_cli@0.1.1.json'), 'provenance').bundle;
const sigstore100 = entryOf(readAttestations('sigstore@1.0.0.json'), 'provenance').bundle;
const tufjs = entryOf(readAttestations('tuf-js@1.0.0.json'), 'provenance').bundle;
const sigstore130 = readBundle('sigstore@1.3.0-provenance.json');

const FULCIO = '1.3.6.1.4.1.57264.1';
function fulcioSuffixes(cert: X509Certificate): number[] {
  return cert.extensions
    .map((ext) => ext.subs[0]?.toOID() ?? '')
    .filter((oid) => oid.startsWith(`${FULCIO}.`))
    .map((oid) => Number(oid.slice(FULCIO.length + 1)));
}

describe('certificateIdentity', () => {
  it('@playwright/cli@0.1.1 (2026, Fulcio v2 extensions): every field exactly', () => {
    const cert = leafOf(playwright);
    expect(fulcioSuffixes(cert)).toEqual([1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22]);
    const workflow = 'https://github.com/microsoft/playwright-cli/.github/workflows/publish.yml@refs/tags/v0.1.1';
    const commit = 'd1c6d1113932ddcee243e8b111b6d4aea553df20';
    expect(certificateIdentity(cert)).toEqual({
      subjectAlternativeName: workflow,
      issuer: 'https://token.actions.githubusercontent.com',
      buildSignerUri: workflow,
      buildSignerDigest: commit,
      runnerEnvironment: 'github-hosted',
      sourceRepositoryUri: 'https://github.com/microsoft/playwright-cli',
      sourceRepositoryDigest: commit,
      sourceRepositoryRef: 'refs/tags/v0.1.1',
      sourceRepositoryIdentifier: '273562379',
      sourceRepositoryOwnerUri: 'https://github.com/microsoft',
      sourceRepositoryOwnerIdentifier: '6154722',
      buildConfigUri: workflow,
      buildConfigDigest: commit,
      buildTrigger: 'release',
      runInvocationUri: 'https://github.com/microsoft/playwright-cli/actions/runs/22026075834/attempts/1',
      sourceRepositoryVisibilityAtSigning: 'public',
    });
  });

  it('sigstore@1.0.0 (February 2023): only the legacy v1 extensions, read through the fallback', () => {
    const cert = leafOf(sigstore100);
    // 1.1 issuer, 1.2 trigger, 1.3 sha, 1.4 workflow name, 1.5 repository, 1.6 ref;
    // no v2 extension (1.8+) yet.
    expect(fulcioSuffixes(cert)).toEqual([1, 2, 3, 4, 5, 6]);
    const identity = certificateIdentity(cert);
    expect(identity).toEqual({
      subjectAlternativeName: 'https://github.com/sigstore/sigstore-js/.github/workflows/publish.yml@refs/tags/v1.0.0',
      issuer: 'https://token.actions.githubusercontent.com',
      buildTrigger: 'release',
      sourceRepositoryDigest: '06528997c3c8ab9f864fad9a3658446aca7fd86d',
      sourceRepositoryRef: 'refs/tags/v1.0.0',
      // v1 has `owner/repo` only; the GitHub URL is built from it.
      sourceRepositoryUri: 'https://github.com/sigstore/sigstore-js',
      // v1 has no build config URI; the workflow is the SAN.
      buildConfigUri: 'https://github.com/sigstore/sigstore-js/.github/workflows/publish.yml@refs/tags/v1.0.0',
    });
    // Fields the v1 extensions cannot answer are absent, not undefined-valued.
    expect(Object.keys(identity)).not.toContain('runnerEnvironment');
    expect(Object.values(identity).every((v) => typeof v === 'string')).toBe(true);
  });

  it('tuf-js@1.0.0 (February 2023): the same v1 fallback for another repository', () => {
    const identity = certificateIdentity(leafOf(tufjs));
    expect(identity).toMatchObject({
      sourceRepositoryUri: 'https://github.com/theupdateframework/tuf-js',
      sourceRepositoryDigest: '99624cc7ce39872e6bd08a0df59229a48562dbca',
      sourceRepositoryRef: 'refs/tags/v1.0.0',
      buildTrigger: 'release',
      buildConfigUri: 'https://github.com/theupdateframework/tuf-js/.github/workflows/publish.yml@refs/tags/v1.0.0',
    });
  });

  it('sigstore@1.3.0 (April 2023): v2 extensions up to 1.21 (no visibility yet)', () => {
    const cert = leafOf(sigstore130);
    expect(fulcioSuffixes(cert)).toEqual([1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21]);
    const identity = certificateIdentity(cert);
    expect(identity).toMatchObject({
      runnerEnvironment: 'github-hosted',
      sourceRepositoryRef: 'refs/heads/main',
      buildTrigger: 'push',
      buildConfigUri: 'https://github.com/sigstore/sigstore-js/.github/workflows/release.yml@refs/heads/main',
      runInvocationUri: 'https://github.com/sigstore/sigstore-js/actions/runs/4735384265/attempts/1',
    });
    expect(identity.sourceRepositoryVisibilityAtSigning).toBeUndefined();
  });

  it("a personal certificate (sigstore-js test bundle): e-mail SAN and GitHub's OAuth issuer, no build facts", () => {
    const identity = certificateIdentity(leafOf(readBundle('sjs-bundleV03-dsse.json')));
    expect(identity).toEqual({
      subjectAlternativeName: 'brian@dehamer.com',
      issuer: 'https://github.com/login/oauth',
    });
  });

  it('the v2 value wins over the v1 one when a certificate carries both', () => {
    // @playwright/cli's certificate has both; v1's 1.6 ref and v2's 1.14 ref agree,
    // but the v2 fields that v1 lacks (repository URI from 1.12) are used as they are.
    const identity = certificateIdentity(leafOf(playwright));
    expect(identity.sourceRepositoryUri).toBe('https://github.com/microsoft/playwright-cli');
    expect(identity.buildConfigUri).toContain('@refs/tags/v0.1.1');
  });
});

describe('predicateFacts', () => {
  it('SLSA v1 (@playwright/cli@0.1.1): workflow, commit, ref, event and run', () => {
    const statement = statementOf(playwright);
    expect(statement.predicateType).toBe(SLSA_V1);
    expect(predicateFacts(statement.predicateType, statement.predicate)).toEqual({
      predicateType: SLSA_V1,
      buildType: 'https://slsa-framework.github.io/github-actions-buildtypes/workflow/v1',
      builderId: 'https://github.com/actions/runner/github-hosted',
      repository: 'https://github.com/microsoft/playwright-cli',
      workflowPath: '.github/workflows/publish.yml',
      ref: 'refs/tags/v0.1.1',
      event: 'release',
      commit: 'd1c6d1113932ddcee243e8b111b6d4aea553df20',
      invocationId: 'https://github.com/microsoft/playwright-cli/actions/runs/22026075834/attempts/1',
    });
  });

  it('SLSA v0.2 (sigstore@1.0.0): the entry point is `owner/repo/<path>@ref`, reduced to the path', () => {
    const statement = statementOf(sigstore100);
    expect(statement.predicateType).toBe(SLSA_V02);
    expect(predicateFacts(statement.predicateType, statement.predicate)).toEqual({
      predicateType: SLSA_V02,
      buildType: 'https://github.com/npm/cli/gha@v0',
      builderId: 'https://github.com/npm/cli@9.4.2',
      repository: 'https://github.com/sigstore/sigstore-js',
      workflowPath: '.github/workflows/publish.yml',
      ref: 'refs/tags/v1.0.0',
      event: 'release',
      commit: '06528997c3c8ab9f864fad9a3658446aca7fd86d',
      invocationId: 'https://github.com/sigstore/sigstore-js/actions/runs/4137028816/attempts/1',
    });
  });

  it('SLSA v0.2 gha/v2 (sigstore@1.3.0): the entry point is already the path', () => {
    const statement = statementOf(sigstore130);
    expect(predicateFacts(statement.predicateType, statement.predicate)).toEqual({
      predicateType: SLSA_V02,
      buildType: 'https://github.com/npm/cli/gha/v2',
      builderId: 'https://github.com/actions/runner',
      repository: 'https://github.com/sigstore/sigstore-js',
      workflowPath: '.github/workflows/release.yml',
      ref: 'refs/heads/main',
      event: 'push',
      commit: 'dae8bd8eb433a4147b4655c00fe73e0f22bc0fb1',
      invocationId: 'https://github.com/sigstore/sigstore-js/actions/runs/4735384265/attempts/1',
    });
  });

  it('the predicate agrees with the certificate for every recorded provenance', () => {
    for (const bundle of [playwright, sigstore100, tufjs, sigstore130]) {
      const identity = certificateIdentity(leafOf(bundle));
      const statement = statementOf(bundle);
      const facts = predicateFacts(statement.predicateType, statement.predicate);
      expect(facts.repository).toBe(identity.sourceRepositoryUri);
      expect(facts.commit).toBe(identity.sourceRepositoryDigest);
      expect(facts.ref).toBe(identity.sourceRepositoryRef);
      expect(facts.event).toBe(identity.buildTrigger);
      expect(identity.buildConfigUri).toContain(`/${facts.workflowPath}@`);
    }
  });

  it('derived: a SLSA v1 predicate without workflow.ref takes the ref from the resolved dependency URI', () => {
    const predicate = clone(statementOf(playwright).predicate) as {
      buildDefinition: { externalParameters: { workflow: Record<string, unknown> } };
    };
    delete predicate.buildDefinition.externalParameters.workflow.ref;
    expect(predicateFacts(SLSA_V1, predicate).ref).toBe('refs/tags/v0.1.1');
  });

  it('derived: a GitLab CI/CD SLSA v1 predicate reads source, entry point and pipeline source', () => {
    // DERIVED: the shape npm writes for GitLab (no `workflow`; `source`/`entryPoint`).
    const predicate = {
      buildDefinition: {
        buildType: 'https://github.com/npm/cli/gitlab/v0alpha1',
        externalParameters: { source: 'https://gitlab.com/group/project', entryPoint: '.gitlab-ci.yml' },
        internalParameters: { gitlab: { CI_PIPELINE_SOURCE: 'push' } },
        resolvedDependencies: [
          { uri: 'git+https://gitlab.com/group/project@refs/tags/v1.0.0', digest: { sha1: 'abc123' } },
        ],
      },
      runDetails: {
        builder: { id: 'https://gitlab.com/group/project/-/runners/1' },
        metadata: { invocationId: 'https://gitlab.com/group/project/-/jobs/2' },
      },
    };
    expect(predicateFacts(SLSA_V1, predicate)).toEqual({
      predicateType: SLSA_V1,
      buildType: 'https://github.com/npm/cli/gitlab/v0alpha1',
      builderId: 'https://gitlab.com/group/project/-/runners/1',
      invocationId: 'https://gitlab.com/group/project/-/jobs/2',
      repository: 'https://gitlab.com/group/project',
      workflowPath: '.gitlab-ci.yml',
      event: 'push',
      commit: 'abc123',
      ref: 'refs/tags/v1.0.0',
    });
  });

  it('an unknown predicate type gives only the type; a predicate that is not an object gives only the type', () => {
    expect(predicateFacts('https://example.com/other', statementOf(playwright).predicate)).toEqual({
      predicateType: 'https://example.com/other',
    });
    for (const garbage of [null, undefined, 0, 'x', [], true]) {
      expect(predicateFacts(SLSA_V1, garbage)).toEqual({ predicateType: SLSA_V1 });
      expect(predicateFacts(SLSA_V02, garbage)).toEqual({ predicateType: SLSA_V02 });
    }
  });

  it('derived: fields of the wrong type or empty are dropped, never thrown on', () => {
    const nasty: unknown[] = [null, 1, '', [], {}, true, [null], { length: 1 }];
    for (const value of nasty) {
      const v1 = {
        buildDefinition: {
          buildType: value,
          externalParameters: { workflow: { repository: value, path: value, ref: value } },
          internalParameters: { github: value },
          resolvedDependencies: value,
        },
        runDetails: { builder: value, metadata: { invocationId: value } },
      };
      const facts = predicateFacts(SLSA_V1, v1);
      expect(Object.values(facts).every((x) => typeof x === 'string' && x !== '')).toBe(true);
      const v02 = {
        buildType: value,
        builder: value,
        invocation: { configSource: { uri: value, digest: value, entryPoint: value }, environment: value },
      };
      const facts02 = predicateFacts(SLSA_V02, v02);
      expect(Object.values(facts02).every((x) => typeof x === 'string' && x !== '')).toBe(true);
      expect(predicateFacts(SLSA_V1, { buildDefinition: value, runDetails: value }).predicateType).toBe(SLSA_V1);
    }
  });
});
