import { describe, expect, it } from 'vitest';
import {
  day,
  duration,
  listText,
  loggedAt,
  logTimeMs,
  MAX_COMMAND_CHARS,
  quoteCommand,
  shortCommit,
  shortRef,
  utc,
} from './findings-text';

describe('finding text helpers', () => {
  it('dates and times in UTC', () => {
    expect(day('2014-07-08T17:17:59.887Z')).toBe('2014-07-08');
    expect(day(undefined)).toBe('unknown date');
    expect(day(Date.parse('2014-07-08T23:59:59.999Z'))).toBe('2014-07-08');
    expect(day(Number.NaN)).toBe('unknown date');
    expect(utc(Date.parse('2014-07-08T17:17:59.887Z'))).toBe('2014-07-08 17:17 UTC');
    expect(utc(Date.parse('2014-07-08T17:17:59.887Z'), true)).toBe('2014-07-08 17:17:59 UTC');
    expect(utc(Number.NaN)).toBe('an unknown time');
  });

  it("Rekor's integrated time, untrusted text, read only when it is a real date", () => {
    expect(logTimeMs('1771000000')).toBe(1_771_000_000_000);
    expect(loggedAt('1771000000')).toBe('2026-02-13T16:26:40.000Z');
    for (const bad of [undefined, '', '0', '-5', '1e9', ' 17', '17.5', '1234567890123']) {
      expect(logTimeMs(bad), String(bad)).toBeNaN();
      expect(loggedAt(bad), String(bad)).toBeUndefined();
    }
  });

  it('durations to the precision a reader needs, whatever the sign', () => {
    expect(duration(1_000)).toBe('1 second');
    expect(duration(41_000)).toBe('41 seconds');
    expect(duration(-41_000)).toBe('41 seconds');
    expect(duration(9 * 60_000)).toBe('9 minutes');
    expect(duration(9 * 60_000 + 3_000)).toBe('9 minutes 3 seconds');
    expect(duration(60 * 60_000)).toBe('1 hour');
    expect(duration(4 * 3_600_000 + 23 * 60_000)).toBe('4 hours 23 minutes');
    expect(duration(3 * 86_400_000)).toBe('3 days');
    expect(duration(68.6 * 3_600_000)).toBe('2 days 20 hours');
    expect(duration(12.4 * 86_400_000)).toBe('12 days');
  });

  it('lists of versions, elided in the middle when long', () => {
    expect(listText([])).toBe('');
    expect(listText(['1.0.0'])).toBe('1.0.0');
    expect(listText(['1.0.0', '1.0.1'])).toBe('1.0.0 and 1.0.1');
    expect(listText(['a', 'b', 'c'])).toBe('a, b and c');
    const many = Array.from({ length: 10 }, (_, i) => `1.0.${i}`);
    expect(listText(many)).toBe('1.0.0, 1.0.1, 1.0.2, 1.0.3, … (5 more) and 1.0.9');
  });

  it('commands are quoted as visible text: controls as spaces, bidi overrides escaped, long ones cut', () => {
    expect(quoteCommand('node-gyp rebuild')).toBe('"node-gyp rebuild"');
    expect(quoteCommand('  node\n\tinstall.js \u0007')).toBe('"node install.js"');
    // U+202E (right-to-left override) would make the text display reversed.
    expect(quoteCommand('node \u202Esj.llatsni')).toBe('"node \\u202esj.llatsni"');
    const long = `node -e "${'x'.repeat(300)}"`;
    const quoted = quoteCommand(long);
    expect(quoted).toBe(`"${long.slice(0, MAX_COMMAND_CHARS - 1)}…" (${long.length} characters)`);
  });

  it('refs and commits shortened for sentences', () => {
    expect(shortRef('refs/heads/main')).toBe('main');
    expect(shortRef('refs/tags/v1.0.0')).toBe('v1.0.0');
    expect(shortRef('refs/pull/1/merge')).toBe('refs/pull/1/merge');
    expect(shortCommit('06528997c3c8ab9f864fad9a3658446aca7fd86d')).toBe('06528997c3c8');
    expect(shortCommit('abc')).toBe('abc');
  });
});
