import { describe, expect, it } from 'vitest';
import { formatRelative } from '../../components/relative-time';
import { formatRelativeEn, relativeEn } from './relative-time-en';

const UNITS = ['year', 'month', 'week', 'day', 'hour', 'minute'] as const;

describe('relativeEn', () => {
  it('writes what Intl.RelativeTimeFormat writes in English (numeric: auto)', () => {
    const intl = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
    for (const unit of UNITS) {
      for (const value of [-12345, -1001, -1000, -999, -25, -2, -1, 0, 1, 2, 7, 59, 1000, 1234567]) {
        expect(relativeEn(value, unit), `${value} ${unit}`).toBe(intl.format(value, unit));
      }
    }
  });

  it('picks the same unit and value as the timeline for a publish time', () => {
    const now = Date.parse('2026-06-15T12:00:00Z');
    const times = [
      '2026-06-15T11:59:30Z',
      '2026-06-15T11:58:00Z',
      '2026-06-15T09:00:00Z',
      '2026-06-14T12:00:00Z',
      '2026-06-01T00:00:00Z',
      '2026-05-01T00:00:00Z',
      '2025-06-15T12:00:00Z',
      '2019-01-01T00:00:00Z',
      '2026-06-20T00:00:00Z',
    ];
    for (const iso of times) expect(formatRelativeEn(iso, now), iso).toBe(formatRelative(iso, now));
  });
});
