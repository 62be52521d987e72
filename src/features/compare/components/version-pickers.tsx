import { memo, startTransition, useEffect, useMemo, useState } from 'react';
import { compareHref, navigate } from '../../../lib/hrefs';
import { displayText } from '../../../core/text/display-text';

const SELECT =
  'max-w-[14rem] rounded border border-zinc-300 bg-white px-1 py-0.5 font-mono text-sm dark:border-zinc-700 dark:bg-zinc-900';

/**
 * Options added to each menu per commit. A package of 3,000 versions makes 6,000
 * options: mounted in one commit that was 60–95 ms of main thread (the commit of a
 * transition is one piece); 400 a menu is a commit of a few milliseconds.
 */
export const OPTIONS_PER_COMMIT = 400;

/**
 * How many of `total` items to render: none in the first commit, then `step` more after
 * each commit, each step a transition of its own (its own task), until all are there;
 * from none again when `list` changes.
 */
function useGrowingCount(list: unknown, total: number, step: number): number {
  const [grown, setGrown] = useState({ list, count: 0 });
  const count = grown.list === list ? grown.count : 0;
  useEffect(() => {
    if (count >= total) return;
    startTransition(() => setGrown({ list, count: Math.min(total, count + step) }));
  }, [list, count, total, step]);
  return count;
}

/**
 * Two version menus; choosing one navigates to that pair, so the URL always holds it.
 * The menus first show the two versions asked for and the newest versions, and grow by
 * `OPTIONS_PER_COMMIT` a commit, each a transition after the page (never one long task).
 * Memoized: verification progress does not render them again.
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
  const count = useGrowingCount(versions, versions.length, OPTIONS_PER_COMMIT);
  // Each version's text once for both menus (escaped and cut by the core), as they grow.
  const options = useMemo(
    () => versions.slice(0, count).map((version) => ({ version, text: displayText(version, 60).text })),
    [versions, count],
  );
  const known = useMemo(() => new Set(versions), [versions]);
  return (
    <div className="mt-3 flex flex-wrap items-center gap-3 text-sm">
      <VersionSelect
        label="From"
        selectName="compare-from"
        value={from}
        known={known.has(from)}
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
        known={known.has(to)}
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
  /** Whether the registry lists `value`. */
  known: boolean;
  /** The versions rendered so far (the menu grows). */
  options: { version: string; text: string }[];
  onPick: (version: string) => void;
}) {
  const shown = known && options.some((option) => option.version === value);
  return (
    <label className="flex items-center gap-1">
      {label}
      <select name={selectName} value={value} onChange={(e) => onPick(e.target.value)} className={SELECT}>
        {/* An unknown version from the address stays visible, so the menus say what was asked for. */}
        {known ? null : (
          <option value={value} disabled>
            {displayText(value, 60).text} (not found)
          </option>
        )}
        {/* Until the growing list has it, the version asked for first. */}
        {known && !shown ? <option value={value}>{displayText(value, 60).text}</option> : null}
        {options.map(({ version, text }) => (
          <option key={version} value={version}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}
