// The shared certificate table and check list, rendered to HTML on Node: one row per
// field or check, in the core's order and words, with the documented test hooks.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { CHECK_LABELS } from '../core/verify/check-labels';
import { FULCIO_EXTENSIONS } from '../core/verify/identity';
import { CertificateTable } from './certificate-table';
import { CheckList } from './check-list';

const identity = {
  issuer: 'https://token.actions.githubusercontent.com',
  subjectAlternativeName: 'https://github.com/o/r/.github/workflows/release.yml@refs/tags/v1',
  runnerEnvironment: 'github-hosted',
};

describe('CertificateTable', () => {
  it('shows the fields present, in the order and with the labels of FULCIO_EXTENSIONS, hooked on the rows', () => {
    const html = renderToStaticMarkup(createElement(CertificateTable, { identity }));
    const rows = [...html.matchAll(/<tr[^>]*data-field="(\w+)"/g)].map((m) => m[1]);
    expect(rows).toEqual(['subjectAlternativeName', 'issuer', 'runnerEnvironment']);
    expect(html).toContain('Runner environment');
    expect(html).toContain('1.3.6.1.4.1.57264.1.8');
    expect(html).toContain('…1.11');
    expect(html).not.toContain('so authoritative');
  });

  it('hooks the value cells instead where asked, and says what verified values prove', () => {
    const html = renderToStaticMarkup(
      createElement(CertificateTable, { identity, fieldHookOn: 'value', signed: 'bundle', verified: true }),
    );
    expect(html).toMatch(/<td[^>]*data-field="issuer"[^>]*>https:\/\/token\.actions\.githubusercontent\.com<\/td>/);
    expect(html).not.toMatch(/<tr[^>]*data-field=/);
    expect(html).toContain('signed the bundle');
    expect(html).toContain('so authoritative');
    const unproven = renderToStaticMarkup(createElement(CertificateTable, { identity, signed: 'bundle' }));
    expect(unproven).toContain('not proven');
  });

  it('every field of the table has its own OID', () => {
    expect(new Set(FULCIO_EXTENSIONS.map((e) => e.oid)).size).toBe(FULCIO_EXTENSIONS.length);
    expect(new Set(FULCIO_EXTENSIONS.map((e) => e.field)).size).toBe(FULCIO_EXTENSIONS.length);
  });
});

describe('CheckList', () => {
  it('one row per check with data-check, data-state, the code of a failure and the core label', () => {
    const html = renderToStaticMarkup(
      createElement(CheckList, {
        testId: 'bundle-check',
        checks: [
          { name: 'bundle-format', state: 'passed' },
          { name: 'transparency-log', state: 'failed', code: 'TLOG_BODY_ERROR', message: 'body differs' },
          { name: 'signature', state: 'not-run' },
        ],
      }),
    );
    const rows = [
      ...html.matchAll(
        /<li data-check="([\w-]+)" data-state="([\w-]+)"( data-code="(\w+)")? data-testid="bundle-check"/g,
      ),
    ];
    expect(rows.map((m) => [m[1], m[2], m[4]])).toEqual([
      ['bundle-format', 'passed', undefined],
      ['transparency-log', 'failed', 'TLOG_BODY_ERROR'],
      ['signature', 'not-run', undefined],
    ]);
    expect(html).toContain(`${CHECK_LABELS['transparency-log']}:`);
    expect(html).toContain('body differs');
  });

  it('renders nothing for no checks', () => {
    expect(renderToStaticMarkup(createElement(CheckList, { checks: [] }))).toBe('');
  });
});
