import { useState, type FormEvent } from 'react';
import { navigate, packageHref } from '../../lib/hrefs';
import { checkPackageName } from '../../core/registry/package-name';

export function SearchForm({ initial = '', autoFocus = false }: { initial?: string; autoFocus?: boolean }) {
  const [value, setValue] = useState(initial);
  const [problems, setProblems] = useState<string[]>([]);

  function submit(event: FormEvent) {
    event.preventDefault();
    const check = checkPackageName(value);
    if (!check.ok) {
      setProblems(check.problems);
      return;
    }
    setProblems([]);
    navigate(packageHref(check.name));
  }

  return (
    <form role="search" onSubmit={submit} className="w-full" noValidate>
      <div className="flex gap-2">
        <label htmlFor="package-search" className="sr-only">
          npm package name
        </label>
        <input
          id="package-search"
          name="package"
          type="search"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          placeholder="Package name, e.g. vue or @nuxt/kit"
          autoComplete="off"
          autoCapitalize="off"
          spellCheck={false}
          autoFocus={autoFocus}
          aria-invalid={problems.length > 0}
          aria-describedby={problems.length ? 'package-search-problems' : undefined}
          className="min-w-0 flex-1 rounded border border-zinc-300 bg-white px-3 py-1.5 font-mono text-sm dark:border-zinc-700 dark:bg-zinc-900"
        />
        <button
          type="submit"
          className="rounded bg-sky-700 px-4 py-1.5 text-sm font-medium text-white hover:bg-sky-800"
        >
          Explore
        </button>
      </div>
      {problems.length ? (
        <div
          id="package-search-problems"
          role="alert"
          data-testid="name-problems"
          className="mt-1 text-sm text-red-700 dark:text-red-400"
        >
          <ul>
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </form>
  );
}
