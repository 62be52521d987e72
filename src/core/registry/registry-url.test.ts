import { describe, expect, it } from 'vitest';
import { RegistryError } from '../net/http-errors';
import { DEFAULT_REGISTRY_URL, normalizeRegistryUrl } from './registry-url';

function refusal(input: string): RegistryError {
  try {
    normalizeRegistryUrl(input);
  } catch (error) {
    if (error instanceof RegistryError) return error;
    throw error;
  }
  throw new Error(`${input} was accepted`);
}

describe('normalizeRegistryUrl', () => {
  it.each([
    ['https://registry.npmjs.org', 'https://registry.npmjs.org'],
    ['https://registry.npmjs.org/', 'https://registry.npmjs.org'],
    ['  https://registry.npmjs.org//  ', 'https://registry.npmjs.org'],
    ['HTTPS://Registry.NPMJS.org', 'https://registry.npmjs.org'],
    ['http://127.0.0.1:4873', 'http://127.0.0.1:4873'],
    ['http://127.0.0.1:1/tampered/', 'http://127.0.0.1:1/tampered'],
    ['https://mirror.example/npm/', 'https://mirror.example/npm'],
    ['https://mirror.example/npm#frag', 'https://mirror.example/npm'],
    ['https://mirror.example/npm?', 'https://mirror.example/npm'],
    ['https://registry.npmjs.org:443/', 'https://registry.npmjs.org'],
    ['https://[::1]:8080/', 'https://[::1]:8080'],
  ])('%j → %j', (input, expected) => {
    expect(normalizeRegistryUrl(input)).toBe(expected);
  });

  it.each([
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'ftp://registry.example',
    'file:///etc/passwd',
    'ws://registry.example',
    'blob:https://x/y',
  ])('refuses the scheme of %j', (input) => {
    const error = refusal(input);
    expect(error.code).toBe('INVALID_REGISTRY_URL');
    expect(error.message).toMatch(/must start with https:\/\/ or http:\/\//);
  });

  it.each(['https://user:pass@registry.example', 'https://token@registry.example/', 'http://:secret@127.0.0.1:1'])(
    'refuses credentials in %j',
    (input) => {
      const error = refusal(input);
      expect(error.code).toBe('INVALID_REGISTRY_URL');
      expect(error.message).toContain('user name or password');
    },
  );

  it.each(['https://mirror.example/npm?token=abc#frag', 'http://127.0.0.1:4873/?a=1', 'https://r.example?x'])(
    'refuses the query string of %j, saying why',
    (input) => {
      const error = refusal(input);
      expect(error.code).toBe('INVALID_REGISTRY_URL');
      expect(error.message).toMatch(/must not carry a query string \(\?[^)]+\): the app adds package paths/);
    },
  );

  it.each(['', 'registry.npmjs.org', 'not a url', '//registry.npmjs.org', 'https://'])(
    'refuses %j as not a URL',
    (input) => {
      const error = refusal(input);
      expect(error.code).toBe('INVALID_REGISTRY_URL');
      expect(error.message).toContain(DEFAULT_REGISTRY_URL);
    },
  );

  it('the default, as typed with a trailing slash, normalises to DEFAULT_REGISTRY_URL (the settings compare with it)', () => {
    expect(normalizeRegistryUrl('https://registry.npmjs.org/')).toBe(DEFAULT_REGISTRY_URL);
    expect(normalizeRegistryUrl('http://127.0.0.1:1')).not.toBe(DEFAULT_REGISTRY_URL);
  });
});
