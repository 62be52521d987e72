import { describe, expect, it } from 'vitest';
import { reviewHref } from '../lib/hrefs';
import { parseHash } from './routes';

describe('the review route', () => {
  it('parses #/review and #/review/<spec>, scoped and ranged specs included', () => {
    expect(parseHash('#/review')).toEqual({ page: 'review' });
    expect(parseHash('#/review/')).toEqual({ page: 'review' });
    expect(parseHash('#/review/tuf-js')).toEqual({ page: 'review', spec: 'tuf-js' });
    expect(parseHash('#/review/%40scope%2Fname%40%5E1.2')).toEqual({ page: 'review', spec: '@scope/name@^1.2' });
    // Typed by hand, unencoded.
    expect(parseHash('#/review/@scope/name@1.0.0')).toEqual({ page: 'review', spec: '@scope/name@1.0.0' });
  });

  it('round-trips what reviewHref builds', () => {
    for (const spec of ['vue', 'vue@3', '@playwright/cli@0.1.1', 'a@>=1 <2', 'x@npm:y@1']) {
      expect(parseHash(reviewHref(spec))).toEqual({ page: 'review', spec });
    }
    expect(reviewHref()).toBe('#/review');
    expect(parseHash(reviewHref())).toEqual({ page: 'review' });
  });
});
