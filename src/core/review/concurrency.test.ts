import { describe, expect, it } from 'vitest';
import { parseConcurrency } from './concurrency';

describe('parseConcurrency', () => {
  it('takes whole numbers from 1 to 32; blank is the default 8', () => {
    expect(parseConcurrency('1')).toEqual({ ok: true, value: 1 });
    expect(parseConcurrency(' 32 ')).toEqual({ ok: true, value: 32 });
    expect(parseConcurrency('2')).toEqual({ ok: true, value: 2 });
    expect(parseConcurrency('')).toEqual({ ok: true, value: 8 });
  });

  it.each(['0', '33', '2.5', '-1', 'eight', '1e1', '0x10'])('refuses %s with a message that says the bounds', (raw) => {
    const parsed = parseConcurrency(raw);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toContain('whole number from 1 to 32');
  });
});
