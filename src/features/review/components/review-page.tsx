import { useQueryClient } from '@tanstack/react-query';
import { startTransition, useEffect, useMemo, useRef, useState, type ClipboardEvent, type DragEvent, type FormEvent } from 'react';
import { FormField } from '../../../components/form-field';
import { formatSize } from '../../../lib/text-file';
import { navigate, reviewHref, REVIEW_HREF } from '../../../lib/hrefs';
import { useRegistrySetting } from '../../../lib/registry-setting';
import { currentReviewConcurrency } from '../../../lib/review-concurrency';
import { lockfileFileProblem, lockfileTooLarge, MAX_LOCKFILE_INPUT, pastedTextProblem } from '../lockfile-input';
import { ReviewSession, type ReviewRequest, type ReviewState } from '../review-session';
import { ReviewResults } from './review-results';

const INPUT =
  'mt-1 w-full rounded border border-zinc-300 px-2 py-1 font-mono text-xs aria-[invalid=true]:border-red-600 dark:border-zinc-700 dark:bg-zinc-950';
const FILE_INPUT =
  'mt-1 block text-xs file:mr-2 file:rounded file:border file:border-zinc-300 file:bg-white file:px-2 file:py-0.5 dark:file:border-zinc-700 dark:file:bg-zinc-900';

/** A lockfile loaded from a file is kept out of the text field (it may be megabytes). */
interface LoadedFile {
  name: string;
  size: number;
  text: string;
}

/** Tells two lockfile runs apart (the same file reviewed again starts a new run). */
let nextRequestId = 1;

/**
 * The dependency review: everything a project would install, from a lockfile (pasted,
 * chosen or dropped; it never leaves the browser) or from a package spec (resolved on
 * the registry, kept in the address so the review can be shared).
 */
export function ReviewPage({ spec }: { spec?: string }) {
  const { base, invalid } = useRegistrySetting();
  const [specText, setSpecText] = useState(spec ?? '');
  const [lockfileText, setLockfileText] = useState('');
  const [file, setFile] = useState<LoadedFile>();
  const [problem, setProblem] = useState<string>();
  const [lockfileRequest, setLockfileRequest] = useState<ReviewRequest>();
  const [dragging, setDragging] = useState(false);
  const dragDepth = useRef(0);
  const fileInput = useRef<HTMLInputElement>(null);

  // A spec in the address is reviewed as soon as the page opens; a lockfile when asked.
  const specRequest = useMemo<ReviewRequest | undefined>(() => (spec ? { kind: 'spec', spec, id: 0 } : undefined), [spec]);
  const request = spec ? specRequest : lockfileRequest;
  const client = useQueryClient();
  // The concurrency setting is read when a review starts (a change applies to the next one).
  const session = useMemo(
    () => (request && !invalid ? new ReviewSession(client, base, request, currentReviewConcurrency()) : undefined),
    [client, base, invalid, request],
  );
  // Updates render as transitions: React renders a 3,000-row review in slices, so no
  // rebuild of the rows holds the main thread for long (typing and scrolling stay smooth).
  const [shown, setShown] = useState<{ session: ReviewSession; state: ReviewState }>();
  useEffect(() => {
    if (!session) return;
    const unsubscribe = session.subscribe(() => startTransition(() => setShown({ session, state: session.getSnapshot() })));
    const stop = session.start();
    return () => {
      unsubscribe();
      stop();
    };
  }, [session]);
  const state = shown && shown.session === session ? shown.state : undefined;

  async function loadFile(chosen: File) {
    const why = await lockfileFileProblem(chosen);
    if (why) {
      setProblem(why);
      return;
    }
    try {
      const text = await chosen.text();
      setFile({ name: chosen.name, size: chosen.size, text });
      setLockfileText('');
      setProblem(undefined);
    } catch (error) {
      setProblem(`${chosen.name} could not be read: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  function onPaste(event: ClipboardEvent<HTMLTextAreaElement>) {
    const pastedFile = event.clipboardData.files[0];
    if (pastedFile) {
      event.preventDefault();
      void loadFile(pastedFile);
      return;
    }
    const text = event.clipboardData.getData('text/plain');
    const target = event.currentTarget;
    const length = target.value.length - ((target.selectionEnd ?? 0) - (target.selectionStart ?? 0)) + text.length;
    const why = pastedTextProblem(length, text);
    if (why) {
      event.preventDefault();
      setProblem(why);
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const text = file?.text ?? lockfileText;
    if (text.trim() !== '') {
      setProblem(undefined);
      setLockfileRequest({ kind: 'lockfile', text, id: nextRequestId++, ...(file ? { fileName: file.name } : {}) });
      navigate(REVIEW_HREF);
      return;
    }
    const wanted = specText.trim();
    if (!wanted) {
      setProblem('Paste or choose a lockfile, or type a package spec (name, name@version or name@range).');
      return;
    }
    setProblem(undefined);
    setLockfileRequest(undefined);
    navigate(reviewHref(wanted));
  }

  function onDrop(event: DragEvent) {
    dragDepth.current = 0;
    setDragging(false);
    const dropped = event.dataTransfer.files[0];
    if (!dropped) return;
    event.preventDefault();
    void loadFile(dropped);
  }

  return (
    <div
      data-testid="review-page"
      onDragEnter={(event) => {
        if (!event.dataTransfer.types.includes('Files')) return;
        dragDepth.current += 1;
        setDragging(true);
      }}
      onDragLeave={() => {
        dragDepth.current = Math.max(0, dragDepth.current - 1);
        if (dragDepth.current === 0) setDragging(false);
      }}
      onDragOver={(event) => {
        if (event.dataTransfer.types.includes('Files')) event.preventDefault();
      }}
      onDrop={onDrop}
      className={`mt-4 rounded-md ${dragging ? 'outline-2 outline-dashed outline-sky-600' : ''}`}
    >
      <h1 className="text-2xl font-semibold">Dependency review</h1>
      <p className="mt-1 max-w-3xl text-sm text-zinc-700 dark:text-zinc-300">
        Everything a project would install, checked as the timeline checks one version: who published it, from which
        repository, whether its attestations verify, and whether it is weaker than the versions before it. The lockfile
        is read in this browser and never sent anywhere; only registry requests go out.
      </p>
      <form onSubmit={submit} noValidate className="mt-4 grid gap-4">
        <FormField
          label="Package spec"
          help={
            <>
              <code>name</code>, <code>name@1.2.3</code>, <code>name@^1</code> or <code>@scope/name@latest</code>: the
              tree it would install from the registry, resolved as npm would.
            </>
          }
        >
          {(control) => (
            <input
              {...control}
              name="spec"
              type="text"
              spellCheck={false}
              autoComplete="off"
              value={specText}
              onChange={(e) => setSpecText(e.target.value)}
              className={INPUT}
            />
          )}
        </FormField>
        <FormField
          label="…or a lockfile"
          help={
            <>
              <code>package-lock.json</code> / <code>npm-shrinkwrap.json</code> (v1–v3), <code>pnpm-lock.yaml</code> (v6, v9)
              or <code>yarn.lock</code> (classic, Berry): paste it, choose it, or drop it on this page (up to{' '}
              {formatSize(MAX_LOCKFILE_INPUT)}). A lockfile given here is reviewed rather than the spec.
            </>
          }
          error={problem}
        >
          {(control) => (
            <>
              <textarea
                {...control}
                name="lockfile"
                rows={6}
                spellCheck={false}
                value={lockfileText}
                placeholder={file ? `Using ${file.name}; typing here replaces it.` : undefined}
                onPaste={onPaste}
                onChange={(e) => {
                  if (e.target.value.length > MAX_LOCKFILE_INPUT) {
                    setProblem(lockfileTooLarge(e.target.value.length, 'The text'));
                    return;
                  }
                  setLockfileText(e.target.value);
                  setFile(undefined);
                  setProblem(undefined);
                }}
                className={INPUT}
              />
              <div className="mt-1 flex flex-wrap items-center gap-2">
                <input
                  ref={fileInput}
                  name="lockfile"
                  type="file"
                  aria-label="Choose a lockfile"
                  accept=".json,.yaml,.yml,.lock,application/json,text/yaml,text/plain"
                  onChange={(e) => {
                    const chosen = e.target.files?.[0];
                    if (chosen) void loadFile(chosen);
                    e.target.value = '';
                  }}
                  className={FILE_INPUT}
                />
                {file ? (
                  <span data-testid="lockfile-chosen" className="text-xs text-zinc-600 dark:text-zinc-400">
                    {file.name} ({formatSize(file.size)}){' '}
                    <button type="button" className="text-sky-700 underline dark:text-sky-300" onClick={() => setFile(undefined)}>
                      Remove
                    </button>
                  </span>
                ) : null}
              </div>
            </>
          )}
        </FormField>
        <div className="flex items-center gap-3">
          <button
            type="submit"
            className="rounded bg-sky-700 px-4 py-1.5 text-sm font-medium text-white hover:bg-sky-800 disabled:opacity-60"
          >
            Review
          </button>
          {dragging ? <span className="text-sm text-sky-800 dark:text-sky-300">Drop the lockfile to load it.</span> : null}
        </div>
      </form>
      {invalid && request ? (
        <p role="alert" data-testid="review-error" data-error-code="INVALID_REGISTRY_URL" className="mt-6 text-sm text-red-700 dark:text-red-400">
          The registry address is not usable, so nothing is reviewed (see the banner above).
        </p>
      ) : null}
      {session && state ? (
        <ReviewResults
          key={session.request.kind === 'spec' ? `spec:${session.request.spec}` : `lockfile:${session.request.id}`}
          state={state} request={session.request} registry={base} onCancel={() => session.cancel()} />
      ) : null}
    </div>
  );
}
