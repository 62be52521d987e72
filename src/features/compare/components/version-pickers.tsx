import { memo, useDeferredValue, useMemo } from 'react';
import { compareHref, navigate } from '../../../lib/hrefs';
import { displayText } from '../../../core/text/display-text';

const SELECT =
  'max-w-[14rem] rounded border border-zinc-300 bg-white px-1 py-0.5 font-mono text-sm dark:border-zinc-700 dark:bg-zinc-900';

const NONE: string[] = [];

/**
 * Two version menus; choosing one navigates to that pair, so the URL always holds it.
 * A package of 3,000 versions makes 6,000 options: the menus first show the two versions
 * asked for, and their full lists render in a transition after the page (interruptible,
 * not in the task that shows the comparison). Memoized: verification progress does not
 * render them again.
 */
export const VersionPickers = memo(function VersionPickers({
  name,
  from,
  to,
  versions,
}: {
  name: string;
  from: string;
  to: string;
  /** Newest first. */
  versions: string[];
}) {
  const listed = useDeferredValue(versions, NONE);
  // Each version's text once for both menus (escaped and cut by the core).
  const options = useMemo(() => listed.map((version) => ({ version, text: displayText(version, 60).text })), [listed]);
  const complete = listed === versions;
  return (
    <div className="mt-3 flex flex-wrap items-center gap-3 text-sm">
      <VersionSelect
        label="From"
        selectName="compare-from"
        value={from}
        known={complete ? undefined : versions.includes(from)}
        options={options}
        onPick={(v) => navigate(compareHref(name, v, to))}
      />
      <span aria-hidden="true" className="text-zinc-500">
        →
      </span>
      <VersionSelect
        label="To"
        selectName="compare-to"
        value={to}
        known={complete ? undefined : versions.includes(to)}
        options={options}
        onPick={(v) => navigate(compareHref(name, from, v))}
      />
      <a
        href={compareHref(name, to, from)}
        data-testid="compare-swap"
        className="text-xs text-sky-700 hover:underline dark:text-sky-300"
      >
        Swap sides
      </a>
    </div>
  );
});

function VersionSelect({
  label,
  selectName,
  value,
  known,
  options,
  onPick,
}: {
  label: string;
  selectName: string;
  value: string;
  /** Whether the registry lists `value`, while `options` is not the full list yet. */
  known: boolean | undefined;
  options: { version: string; text: string }[];
  onPick: (version: string) => void;
}) {
  const listed = known ?? options.some((option) => option.version === value);
  return (
    <label className="flex items-center gap-1">
      {label}
      <select name={selectName} value={value} onChange={(e) => onPick(e.target.value)} className={SELECT}>
        {/* An unknown version from the address stays visible, so the menus say what was asked for. */}
        {listed ? null : (
          <option value={value} disabled>
            {displayText(value, 60).text} (not found)
          </option>
        )}
        {/* Until the full list is there, the version asked for alone. */}
        {listed && known !== undefined ? <option value={value}>{displayText(value, 60).text}</option> : null}
        {options.map(({ version, text }) => (
          <option key={version} value={version}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}
