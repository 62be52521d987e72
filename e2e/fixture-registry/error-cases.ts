// DERIVED error cases: packages whose every path answers like a failing registry, so
// the explorer's handling of each failure can be seen and tested.
import { LazyDocument, failureEntry, jsonReply, type PackageEntry } from './catalog';
import type { RecordedFixtures } from './fixtures';

export const SERVER_ERROR = 'derived-server-error';
export const MALFORMED_JSON = 'derived-malformed-json';
export const RATE_LIMITED = 'derived-rate-limited';
export const RETRY_AFTER_SECONDS = '2';

/** The recorded packument whose first half `derived-malformed-json` serves. */
const TRUNCATED_SOURCE = 'is-odd';

export function errorCaseEntries(fixtures: RecordedFixtures): Map<string, PackageEntry> {
  const source = fixtures.packuments.get(TRUNCATED_SOURCE);
  if (source === undefined) throw new Error(`Recorded packument ${TRUNCATED_SOURCE} is missing.`);
  return new Map([
    [SERVER_ERROR, failureEntry(jsonReply(LazyDocument.of('{"error":"Internal Server Error"}'), 500))],
    // A body cut mid-document, as when a connection or a proxy gives up half way.
    [
      MALFORMED_JSON,
      failureEntry(jsonReply(LazyDocument.of(source.slice(0, Math.floor(source.length / 2))))),
    ],
    [
      RATE_LIMITED,
      failureEntry(
        jsonReply(LazyDocument.of('{"error":"Too Many Requests"}'), 429, {
          'Retry-After': RETRY_AFTER_SECONDS,
        }),
      ),
    ],
  ]);
}

export const ERROR_CASE_DESCRIPTIONS: Readonly<Record<string, string>> = {
  [SERVER_ERROR]:
    'Every request for this package answers HTTP 500 with {"error":"Internal Server Error"}: the registry failing.',
  [MALFORMED_JSON]: `Answers HTTP 200 with the first half of the recorded ${TRUNCATED_SOURCE} packument: a truncated, unparseable body.`,
  [RATE_LIMITED]: `Answers HTTP 429 with Retry-After: ${RETRY_AFTER_SECONDS} and {"error":"Too Many Requests"} every time: a rate limit that does not lift.`,
};
