import { describe, expect, it } from 'vitest';
import { formatCount } from './count';

describe('formatCount', () => {
  const intl = new Intl.NumberFormat('en-US');

  it('writes integers as Intl en-US does', () => {
    const cases = [0, 1, 12, 123, 1234, 12345, 123456, 1234567, -1, -999, -1000, -1234567, Number.MAX_SAFE_INTEGER];
    for (let i = 0; i < 2000; i++) cases.push(Math.floor((Math.random() - 0.5) * 2 * 10 ** Math.floor(Math.random() * 15)));
    for (const n of cases) expect(formatCount(n)).toBe(intl.format(n));
  });

  it('leaves fractions and non-finite numbers to Intl', () => {
    for (const n of [1.5, 1234.5678, Number.NaN, Number.POSITIVE_INFINITY]) expect(formatCount(n)).toBe(intl.format(n));
  });
});
