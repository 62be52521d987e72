// The same JSON value written as other servers and tools write it, for tests of readers
// that guess where members end (src/core/net/incremental-json.ts), and a packument with
// its versions in another order.

/** Python's `json.dumps(value)`: `, ` and `: ` between tokens, on one line. */
export function spacedJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(spacedJson).join(', ')}]`;
  if (typeof value === 'object' && value !== null)
    return `{${Object.entries(value)
      .map(([key, member]) => `${JSON.stringify(key)}: ${spacedJson(member)}`)
      .join(', ')}}`;
  return JSON.stringify(value);
}

/** The layouts a registry's document may come in: compact, pretty-printed (2 spaces, tabs), Python's. */
export const JSON_LAYOUTS: [string, (value: unknown) => string][] = [
  ['compact', (value) => JSON.stringify(value)],
  ['pretty-printed', (value) => JSON.stringify(value, null, 2)],
  ['tab-indented', (value) => JSON.stringify(value, null, '\t')],
  ["Python's json.dumps", spacedJson],
];

/** The packument `text` with its `versions` in the reverse order (newest first, for one written oldest first). */
export function newestFirst(text: string): string {
  const document = JSON.parse(text) as Record<string, unknown>;
  const versions = document.versions as Record<string, unknown>;
  return JSON.stringify({
    ...document,
    versions: Object.fromEntries(
      Object.keys(versions)
        .reverse()
        .map((key) => [key, versions[key]]),
    ),
  });
}
