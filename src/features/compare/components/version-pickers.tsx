import { compareHref, navigate } from '../../../lib/hrefs';
import { displayText } from '../../../core/text/display-text';

const SELECT =
  'max-w-[14rem] rounded border border-zinc-300 bg-white px-1 py-0.5 font-mono text-sm dark:border-zinc-700 dark:bg-zinc-900';

/** Two version menus; choosing one navigates to that pair, so the URL always holds it. */
export function VersionPickers({
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
  return (
    <div className="mt-3 flex flex-wrap items-center gap-3 text-sm">
      <VersionSelect
        label="From"
        selectName="compare-from"
        value={from}
        versions={versions}
        onPick={(v) => navigate(compareHref(name, v, to))}
      />
      <span aria-hidden="true" className="text-zinc-500">
        →
      </span>
      <VersionSelect
        label="To"
        selectName="compare-to"
        value={to}
        versions={versions}
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
}

function VersionSelect({
  label,
  selectName,
  value,
  versions,
  onPick,
}: {
  label: string;
  selectName: string;
  value: string;
  versions: string[];
  onPick: (version: string) => void;
}) {
  const known = versions.includes(value);
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
        {versions.map((version) => (
          <option key={version} value={version}>
            {displayText(version, 60).text}
          </option>
        ))}
      </select>
    </label>
  );
}
