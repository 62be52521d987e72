import { memo, startTransition, useEffect, useEffectEvent, useId, useMemo, useRef, useState } from 'react';
import { compareHref, navigate } from '../../../lib/hrefs';
import { escapeInvisible } from '../../../core/text/display-text';

const FIELD =
  'w-[14rem] rounded border border-zinc-300 bg-white px-1 py-0.5 font-mono text-sm aria-[invalid=true]:border-red-600 dark:border-zinc-700 dark:bg-zinc-900';

/**
 * Versions added to the shared list per commit. A `<datalist>` is not rendered, so its
 * options cost their DOM insertion only (measured: 8–11 ms per 500 on the bench's
 * machine, flat as the list grows); a package of 3,000 versions fills it in 6 commits.
 */
export const OPTIONS_PER_COMMIT = 500;

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
 * Two version fields sharing one list of the package's versions; committing one (a pick
 * from the list, Enter, or leaving the field) navigates to that pair, so the URL always
 * holds it.
 *
 * Text fields with a `<datalist>`, not `<select>` menus: Chromium recomputes the style of
 * every option of a select whenever its options change (13 µs an option, measured), so
 * two menus of 3,000 versions made every growth step a 36–119 ms frame, and a menu of
 * 3,000 is no way to find one version anyway. Typing filters the list.
 *
 * Versions are untrusted: the fields and the list show them escaped (`escapeInvisible`),
 * and what is typed is looked up among the package's versions, raw or escaped.
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
  const listId = useId();
  const count = useGrowingCount(versions, versions.length, OPTIONS_PER_COMMIT);
  // Each version's text once, for the list and the lookup.
  const entries = useMemo(() => versions.map((version) => ({ version, text: escapeInvisible(version) })), [versions]);
  const shown = useMemo(() => entries.slice(0, count), [entries, count]);
  // What a field may hold → the version: the escaped text first, the raw version over it.
  const lookup = useMemo(() => {
    const byText = new Map<string, string>();
    for (const { version, text } of entries) if (!byText.has(text)) byText.set(text, version);
    for (const { version } of entries) byText.set(version, version);
    return byText;
  }, [entries]);
  return (
    <div className="mt-3 flex flex-wrap items-start gap-3 text-sm">
      <VersionField
        key={`from:${from}`}
        label="From"
        fieldName="compare-from"
        name={name}
        value={from}
        listId={listId}
        lookup={lookup}
        onPick={(v) => navigate(compareHref(name, v, to))}
      />
      <span aria-hidden="true" className="py-0.5 text-zinc-500">
        →
      </span>
      <VersionField
        key={`to:${to}`}
        label="To"
        fieldName="compare-to"
        name={name}
        value={to}
        listId={listId}
        lookup={lookup}
        onPick={(v) => navigate(compareHref(name, from, v))}
      />
      <datalist id={listId} data-testid="compare-versions">
        {shown.map(({ version, text }) => (
          <option key={version} value={text} />
        ))}
      </datalist>
      <a
        href={compareHref(name, to, from)}
        data-testid="compare-swap"
        className="py-0.5 text-xs text-sky-700 hover:underline dark:text-sky-300"
      >
        Swap sides
      </a>
    </div>
  );
});

function VersionField({
  label,
  fieldName,
  name,
  value,
  listId,
  lookup,
  onPick,
}: {
  label: string;
  fieldName: string;
  /** The package's name, for the messages. */
  name: string;
  /** The version in the address. */
  value: string;
  listId: string;
  lookup: ReadonlyMap<string, string>;
  onPick: (version: string) => void;
}) {
  const shownValue = escapeInvisible(value);
  const [text, setText] = useState(shownValue);
  const [rejected, setRejected] = useState<string | undefined>();
  const input = useRef<HTMLInputElement>(null);
  const messageId = useId();
  // Listed as it is, not merely the escaped text of another version.
  const known = lookup.get(value) === value;

  const commit = (typed: string) => {
    const wanted = typed.trim();
    if (wanted === '' || wanted === shownValue) {
      setText(shownValue);
      setRejected(undefined);
      return;
    }
    const version = lookup.get(wanted);
    if (version === undefined) setRejected(wanted);
    else if (version !== value) onPick(version);
  };
  // A pick from the list and leaving an edited field fire the native `change` event, which
  // React's onChange (the `input` event) does not give.
  const onNativeChange = useEffectEvent(() => {
    if (input.current) commit(input.current.value);
  });
  useEffect(() => {
    const field = input.current;
    if (!field) return;
    const listener = () => onNativeChange();
    field.addEventListener('change', listener);
    return () => field.removeEventListener('change', listener);
  }, []);

  const message =
    rejected !== undefined
      ? `${name} has no version “${escapeInvisible(rejected)}”.`
      : known
        ? undefined
        : 'Not found: the registry does not list it.';
  return (
    <div className="flex flex-col gap-0.5">
      <label className="flex items-center gap-1">
        {label}
        <input
          ref={input}
          name={fieldName}
          list={listId}
          value={text}
          autoComplete="off"
          spellCheck={false}
          aria-invalid={message !== undefined}
          aria-describedby={message !== undefined ? messageId : undefined}
          onChange={(e) => {
            setText(e.target.value);
            setRejected(undefined);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              commit(e.currentTarget.value);
            } else if (e.key === 'Escape') {
              setText(shownValue);
              setRejected(undefined);
            }
          }}
          className={FIELD}
        />
      </label>
      {message !== undefined ? (
        <span
          id={messageId}
          data-testid={`${fieldName}-message`}
          className="max-w-[18rem] text-xs text-red-700 dark:text-red-400"
        >
          {message}
        </span>
      ) : null}
    </div>
  );
}
