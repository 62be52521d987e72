import { describe, expect, it } from 'vitest';
import { formatRelative, formatRelativeUnits } from './relative-time';

const UNITS = ['year', 'month', 'week', 'day', 'hour', 'minute'] as const;

describe('formatRelativeUnits', () => {
  const intl = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
  it.each(UNITS)('says what Intl.RelativeTimeFormat says for %s', (unit) => {
    for (const value of [-123456, -1234, -1000, -999, -21, -12, -2, -1, 0, 1, 2, 7, 100, 1000, 98765]) {
      expect(formatRelativeUnits(value, unit), `${value} ${unit}`).toBe(intl.format(value, unit));
    }
  });
});

describe('formatRelative', () => {
  const now = Date.parse('2026-06-15T12:00:00Z');
  it('picks the largest unit the distance reaches', () => {
    expect(formatRelative('2026-06-15T11:59:30Z', now)).toBe('just now');
    expect(formatRelative('2026-06-15T11:55:00Z', now)).toBe('5 minutes ago');
    expect(formatRelative('2026-06-15T09:00:00Z', now)).toBe('3 hours ago');
    expect(formatRelative('2026-06-14T12:00:00Z', now)).toBe('yesterday');
    expect(formatRelative('2026-06-11T12:00:00Z', now)).toBe('4 days ago');
    expect(formatRelative('2026-06-01T12:00:00Z', now)).toBe('2 weeks ago');
    expect(formatRelative('2026-04-15T12:00:00Z', now)).toBe('2 months ago');
    expect(formatRelative('2025-06-15T12:00:00Z', now)).toBe('last year');
    expect(formatRelative('2016-06-15T12:00:00Z', now)).toBe('10 years ago');
    expect(formatRelative('2026-06-16T12:00:00Z', now)).toBe('tomorrow');
  });
});
