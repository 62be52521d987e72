import { displayText, DISPLAY_MAX_CHARS } from '../core/text/display-text';
import { formatCount } from '../core/text/count';

/**
 * Untrusted metadata as text: bidi and control characters shown as visible escapes
 * (core/text/display-text.ts), and a value longer than `max` cut with an ellipsis. The
 * full value stays available: in the title, and with `expandable` in a disclosure.
 */
export function MetaText({
  value,
  max = DISPLAY_MAX_CHARS,
  expandable = false,
}: {
  value: string;
  max?: number;
  expandable?: boolean;
}) {
  const shown = displayText(value, max);
  if (!shown.truncated) return <>{shown.text}</>;
  return (
    <span data-testid="truncated-text" data-length={shown.length} className="break-all" title={shown.full}>
      {shown.text}
      {expandable ? (
        <details className="mt-1 text-xs font-normal">
          <summary className="cursor-pointer text-sky-700 dark:text-sky-300">
            Show all {formatCount(shown.length)} characters
          </summary>
          <div className="max-h-64 overflow-auto whitespace-pre-wrap break-all font-mono">{shown.full}</div>
        </details>
      ) : null}
    </span>
  );
}
