// auditCsv on recorded packuments with DERIVED verification results (the fixtures hold
// no attestations for these packuments), and csvCell on hostile values.
import { describe, expect, it } from 'vitest';
import { analyzePackage } from '../analysis/analyze-package';
import type { VersionVerification } from '../model';
import { derivedVersion, loadPackument, withVersions } from '../../../test/support/derived-record';
import { derivedLookup, failedVerification, verifiedVerification } from '../../../test/support/derived-verification';
import { AUDIT_CSV_COLUMNS, auditCsv, csvCell } from './audit-csv';

/** A strict RFC 4180 reader (CRLF records, quoted fields with doubled quotes), for the tests. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (char === '"') {
        quoted = false;
        i++;
      } else {
        field += char;
        i++;
      }
    } else if (char === '"' && field === '') {
      quoted = true;
      i++;
    } else if (char === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (char === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 2;
    } else if (char === '"' || char === '\r' || char === '\n') {
      throw new Error(`unquoted ${JSON.stringify(char)} at ${i}`);
    } else {
      field += char;
      i++;
    }
  }
  if (quoted || field !== '' || row.length) throw new Error('the CSV does not end with CRLF');
  return rows;
}

const column = (name: (typeof AUDIT_CSV_COLUMNS)[number]) => AUDIT_CSV_COLUMNS.indexOf(name);

describe('csvCell', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', 'two lines'],
    ['=1+1', "'=1+1"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', ' x'],
    ['\rx', ' x'],
    ['\t=1+1', "' =1+1"],
    ['\r\n@SUM(A1)', "' @SUM(A1)"],
    ['  -2+3', "'  -2+3"],
    // Bidi overrides and isolates, zero-width and control characters: a visible escape.
    ['safe\u202egnp.exe', 'safe\\u202egnp.exe'],
    ['a\u2066b\u2069c', 'a\\u2066b\\u2069c'],
    ['zero\u200bwidth\ufeff', 'zero\\u200bwidth\\ufeff'],
    ['bell\u0007nul\u0000del\u007f', 'bell\\u0007nul\\u0000del\\u007f'],
    ['\u202e=1+1', '\\u202e=1+1'],
    ['line\u2028sep', 'line\\u2028sep'],
    ['=HYPERLINK("http://x","y")', '"\'=HYPERLINK(""http://x"",""y"")"'],
    ['1.0.0-beta', '1.0.0-beta'],
    ['', ''],
  ])('%j → %s', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });
});

describe('auditCsv (derived verifications)', () => {
  const vue = loadPackument('vue');
  const analysis = analyzePackage(vue, derivedLookup(vue));
  const rows = parseCsv(auditCsv(analysis));

  it('has the header, then one row per version in timeline order, every row as wide as the header', () => {
    expect(rows[0]).toEqual([...AUDIT_CSV_COLUMNS]);
    expect(rows.slice(1).map((r) => r[0])).toEqual(analysis.versions.map((v) => v.record.version));
    for (const row of rows) expect(row).toHaveLength(AUDIT_CSV_COLUMNS.length);
  });

  it('carries trust, verification, publisher, provider, integrity and findings count of each version', () => {
    analysis.versions.forEach((view, i) => {
      const row = rows[i + 1] ?? [];
      expect(row[column('trust')]).toBe(view.trust);
      expect(row[column('verification')]).toBe(view.verification?.status);
      expect(row[column('published')]).toBe(view.record.publishedAt ?? '');
      expect(row[column('publisher')]).toBe(view.record.publisher?.name ?? '');
      expect(row[column('integrity')]).toBe(view.record.dist.integrity ?? '');
      expect(row[column('findings')]).toBe(String(view.findingIndexes.length));
      expect(row[column('trusted publisher provider')]).toBe(
        view.record.publisher?.trustedPublisher ? 'GitHub Actions' : '',
      );
    });
    expect(rows.some((r) => r[column('trusted publisher provider')] === 'GitHub Actions')).toBe(true);
  });

  it('derived: names the failed step and code, marks pending versions, and gives the Rekor index', () => {
    const [newest, second, third] = vue.versions;
    if (!newest || !second || !third) throw new Error('vue has versions');
    const logged: VersionVerification = { ...verifiedVerification(third), provenanceLog: { logIndex: '12345' } };
    const derived = analyzePackage(
      vue,
      derivedLookup(vue, {
        [newest.version]: failedVerification(newest),
        [second.version]: undefined,
        [third.version]: logged,
      }),
    );
    const table = parseCsv(auditCsv(derived));
    const byVersion = new Map(table.slice(1).map((r) => [r[0], r]));
    expect(byVersion.get(newest.version)?.[column('verification')]).toBe('failed');
    expect(byVersion.get(newest.version)?.[column('failed step')]).toBe('provenance-bundle');
    expect(byVersion.get(newest.version)?.[column('failed code')]).toBe('TLOG_BODY_ERROR');
    expect(byVersion.get(second.version)?.[column('verification')]).toBe('pending');
    expect(byVersion.get(third.version)?.[column('Rekor log index')]).toBe('12345');
  });

  it('derived: hostile metadata (formulas, quotes, line breaks) stays one defused cell', () => {
    const base = vue.versions[0];
    if (!base) throw new Error('vue has versions');
    const hostile = derivedVersion(base, {
      version: '9.9.9',
      publishedAt: '2030-01-01T00:00:00.000Z',
      publisher: { name: '=HYPERLINK("https://evil.example","click")' },
      repositoryUrl: 'https://github.com/o/r\r\n=cmd|"/c calc"!A1',
      gitHead: '@SUM(1+1)',
      dist: { ...base.dist, tarball: '+https://evil.example/x.tgz', integrity: '-sha512' },
    });
    const pkg = withVersions(vue, [hostile]);
    const table = parseCsv(auditCsv(analyzePackage(pkg, derivedLookup(pkg, { '9.9.9': undefined }))));
    const row = table.find((r) => r[0] === '9.9.9') ?? [];
    expect(row).toHaveLength(AUDIT_CSV_COLUMNS.length);
    expect(row[column('publisher')]).toBe('\'=HYPERLINK("https://evil.example","click")');
    expect(row[column('commit')]).toBe("'@SUM(1+1)");
    expect(row[column('tarball')]).toBe("'+https://evil.example/x.tgz");
    expect(row[column('integrity')]).toBe("'-sha512");
    // No cell of any row starts with a formula character.
    for (const cells of table) for (const cell of cells) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });
});

describe('auditCsv: bidi and control characters (derived)', () => {
  const vue = loadPackument('vue');

  it('derived: a publisher with U+202E, a commit with zero-width and control characters come out escaped, one line per row', () => {
    const base = vue.versions[0];
    if (!base) throw new Error('vue has versions');
    const hostile = derivedVersion(base, {
      version: '9.9.8',
      publishedAt: '2030-01-01T00:00:00.000Z',
      publisher: { name: 'safe\u202egnp.exe' },
      gitHead: 'abc\u200b\u0007\u2066def',
      dist: { ...base.dist, tarball: '\t=HYPERLINK("https://evil.example")' },
    });
    const pkg = withVersions(vue, [hostile]);
    const text = auditCsv(analyzePackage(pkg, derivedLookup(pkg, { '9.9.8': undefined })));
    // Nothing that changes how the text looks, and no line break inside a cell.
    expect(text).not.toMatch(
      // eslint-disable-next-line no-control-regex -- control characters are what this looks for
      /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/,
    );
    const table = parseCsv(text);
    expect(text.split('\r\n').length - 1).toBe(table.length);
    const row = table.find((r) => r[0] === '9.9.8') ?? [];
    expect(row[column('publisher')]).toBe('safe\\u202egnp.exe');
    expect(row[column('commit')]).toBe('abc\\u200b\\u0007\\u2066def');
    expect(row[column('tarball')]).toBe('\' =HYPERLINK("https://evil.example")');
  });
});

describe('auditCsv: the trusted root in use (derived verifications)', () => {
  const vue = loadPackument('vue');
  const analysis = analyzePackage(vue, derivedLookup(vue));

  it('gives the source and date of the root on every row', () => {
    const rows = parseCsv(auditCsv(analysis, { source: 'tuf', updated: '2025-04-01T00:00:00.000Z' }));
    const source = AUDIT_CSV_COLUMNS.indexOf('trusted root source');
    const date = AUDIT_CSV_COLUMNS.indexOf('trusted root date');
    expect(rows.slice(1).map((r) => [r[source], r[date]])).toEqual(
      analysis.versions.map(() => ['tuf', '2025-04-01T00:00:00.000Z']),
    );
  });
});
