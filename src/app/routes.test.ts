import { describe, expect, it } from 'vitest';
import { packageHref, reviewHref } from '../lib/hrefs';
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

describe('a package route', () => {
  it('takes a scoped name as written, or encoded whole as one segment', () => {
    const name = '@scope/name';
    for (const written of ['@scope/name', '%40scope%2Fname', '@scope%2fname', '%40scope/name']) {
      expect(parseHash(`#/package/${written}`)).toEqual({ page: 'package', name });
      expect(parseHash(`#/package/${written}/`)).toEqual({ page: 'package', name });
      expect(parseHash(`#/package/${written}/v/1.0.0`)).toEqual({ page: 'version', name, version: '1.0.0' });
      expect(parseHash(`#/package/${written}/v/1.0.0/audit`)).toEqual({ page: 'audit', name, version: '1.0.0' });
      expect(parseHash(`#/package/${written}/compare/1.0.0/2.0.0`)).toEqual({
        page: 'compare',
        name,
        from: '1.0.0',
        to: '2.0.0',
      });
    }
  });

  it('finds no page for a scope without a name, or a name of three parts', () => {
    for (const hash of ['#/package/@scope', '#/package/@scope/', '#/package/%40scope%2F', '#/package/%40s%2Fa%2Fb']) {
      expect(parseHash(hash).page).toBe('not-found');
    }
    expect(parseHash('#/package/%40s%2Fa/b')).toEqual({ page: 'not-found', path: '/package/%40s%2Fa/b' });
  });

  it('round-trips what packageHref builds', () => {
    for (const [name, version] of [
      ['vue', undefined],
      ['@types/node', undefined],
      ['@types/node', '20.1.0+build.1'],
    ] as const) {
      expect(parseHash(packageHref(name, version))).toEqual(
        version ? { page: 'version', name, version } : { page: 'package', name },
      );
    }
  });
});
