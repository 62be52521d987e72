import { memo } from 'react';
import type { CompareFieldName, FieldComparison, VersionComparison } from '../../../core/analysis/compare-versions';
import type { VersionView } from '../../../core/model';
import { packageHref } from '../../../lib/hrefs';
import { ExternalLink } from '../../../components/external-link';
import { ComparedValueView } from './compared-value';
import { EntryChanges } from './entry-changes';

const MONO_FIELDS = new Set<CompareFieldName>([
  'commit',
  'ref',
  'workflow',
  'trusted-publisher-config',
  'registry-key',
]);
const CELL = 'border-b border-zinc-200 px-2 py-2 align-top dark:border-zinc-800';

/**
 * The two versions side by side, a row per field; rows that differ say so in words.
 * Memoized: the package's verification progress does not render it again.
 */
export const CompareTable = memo(function CompareTable({
  name,
  a,
  b,
  comparison,
}: {
  name: string;
  a: VersionView;
  b: VersionView;
  comparison: VersionComparison;
}) {
  return (
    <div className="mt-3 overflow-x-auto rounded-md border border-zinc-200 dark:border-zinc-800">
      <table className="w-full min-w-[44rem] table-fixed text-sm">
        <caption className="sr-only">
          {name} {comparison.from} and {comparison.to}, field by field
        </caption>
        <colgroup>
          <col className="w-40" />
          <col />
          <col />
          <col className="w-64" />
        </colgroup>
        <thead className="bg-zinc-50 text-left text-xs uppercase tracking-wide text-zinc-600 dark:bg-zinc-900 dark:text-zinc-400">
          <tr>
            <th scope="col" className={CELL}>
              Field
            </th>
            <VersionHeading name={name} view={a} />
            <VersionHeading name={name} view={b} />
            <th scope="col" className={CELL}>
              Difference
            </th>
          </tr>
        </thead>
        <tbody>
          {comparison.fields.map((field) => (
            <CompareRow key={field.field} field={field} comparison={comparison} />
          ))}
        </tbody>
      </table>
    </div>
  );
});

function VersionHeading({ name, view }: { name: string; view: VersionView }) {
  return (
    <th scope="col" className={`${CELL} normal-case tracking-normal`}>
      <a
        href={packageHref(name, view.record.version)}
        className="font-mono text-sm font-semibold text-sky-800 hover:underline dark:text-sky-300"
      >
        {view.record.version}
      </a>
      <div className="font-normal">
        {view.record.publishedAt ? `published ${view.record.publishedAt.slice(0, 10)}` : 'publish time unknown'}
      </div>
    </th>
  );
}

function CompareRow({ field, comparison }: { field: FieldComparison; comparison: VersionComparison }) {
  const mono = MONO_FIELDS.has(field.field);
  return (
    <tr
      data-testid="compare-row"
      data-field={field.field}
      data-changed={String(field.changed)}
      className={field.changed ? 'bg-amber-50 dark:bg-amber-950/30' : undefined}
    >
      <th scope="row" className={`${CELL} text-left font-medium`}>
        {field.label}
      </th>
      <td className={CELL}>
        <ComparedValueView value={field.from} mono={mono} />
      </td>
      <td className={CELL}>
        <ComparedValueView value={field.to} mono={mono} />
      </td>
      <td className={CELL}>
        <DifferenceLabel field={field} />
        {field.field === 'commit' && comparison.commitDiffUrl ? (
          <div className="mt-1 text-xs">
            <ExternalLink href={comparison.commitDiffUrl}>See the diff between the two commits</ExternalLink>
          </div>
        ) : null}
        {field.field === 'dependencies' ? (
          <EntryChanges changes={comparison.dependencies} testId="dependency-changes" />
        ) : null}
        {field.field === 'install-scripts' ? (
          <EntryChanges changes={comparison.installScripts} testId="install-script-changes" />
        ) : null}
      </td>
    </tr>
  );
}

function DifferenceLabel({ field }: { field: FieldComparison }) {
  if (!field.changed) return <span className="text-xs text-zinc-500 dark:text-zinc-400">same</span>;
  return (
    <span
      data-testid="changed-label"
      className={`inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-xs font-semibold ${
        field.direction === 'weaker'
          ? 'bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200'
          : 'bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100'
      }`}
    >
      <span aria-hidden="true">≠</span>
      changed
      {field.direction ? <span className="font-normal">({field.direction})</span> : null}
    </span>
  );
}
