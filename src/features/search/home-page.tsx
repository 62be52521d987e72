import { packageHref } from '../../lib/hrefs';
import { SearchForm } from './search-form';

const EXAMPLES = ['vue', 'vite', 'create-next-app', '@nuxt/kit', 'sigstore'];

export function HomePage() {
  return (
    <div className="mx-auto mt-10 max-w-2xl">
      <h1 className="text-3xl font-semibold">Where did each version come from?</h1>
      <p className="mt-2 text-zinc-700 dark:text-zinc-300">
        Type an npm package name to see every version on a timeline: who published it, from which repository, commit and
        workflow, and whether its Sigstore provenance verifies. Verification runs here, in your browser, against the
        Sigstore public-good trust root and npm&apos;s keys.
      </p>
      <div className="mt-6">
        <SearchForm autoFocus />
      </div>
      <p className="mt-4 text-sm text-zinc-600 dark:text-zinc-400">
        Try:{' '}
        {EXAMPLES.map((name, i) => (
          <span key={name}>
            {i > 0 ? ', ' : ''}
            <a className="font-mono text-sky-700 hover:underline dark:text-sky-300" href={packageHref(name)}>
              {name}
            </a>
          </span>
        ))}
      </p>
    </div>
  );
}
