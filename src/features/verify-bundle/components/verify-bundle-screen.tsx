import { useRef, useState, type DragEvent, type FormEvent } from 'react';
import type { InputField, VerifyBundleRequest } from '../../../core/verify/verify-bundle';
import { useVerifyBundle } from '../use-verify-bundle';
import { formatSize } from '../format-size';
import { NPM_KEY_PRESETS } from '../npm-key-presets';
import { BundleForm, EMPTY_FORM, type FormValues } from './bundle-form';
import { BundleResults } from './bundle-results';
import { TrustedRootStatus } from '../../trusted-root/trusted-root-status';

/** Larger than any bundle or attestations response: a dropped tarball is not read as text. */
const MAX_TEXT_FILE = 10 * 1024 * 1024;

/**
 * For someone holding an attestation rather than a package name: paste or drop a
 * Sigstore bundle (or npm's whole attestations response), say what it should be for
 * and who should have signed it. The verification runs in a verifier worker.
 */
export default function VerifyBundleScreen() {
  const [values, setValues] = useState<FormValues>(() => ({
    ...EMPTY_FORM,
    npmKeyIds: NPM_KEY_PRESETS.map((k) => k.keyId),
  }));
  const [fileProblem, setFileProblem] = useState<{ field: InputField; message: string }>();
  const [changedSinceRun, setChangedSinceRun] = useState(false);
  const [dragging, setDragging] = useState(false);
  const dragDepth = useRef(0);
  const mutation = useVerifyBundle();

  function change(patch: Partial<FormValues>) {
    setValues((current) => ({ ...current, ...patch }));
    setChangedSinceRun(true);
  }

  /** Text files (bundle, trusted root, key) are read here; the artifact goes to the worker whole. */
  async function loadText(field: 'bundle' | 'trustedRoot' | 'publicKey', file: File) {
    const inputField: InputField =
      field === 'trustedRoot' ? 'trusted-root' : field === 'publicKey' ? 'public-key' : 'bundle';
    if (file.size > MAX_TEXT_FILE) {
      setFileProblem({
        field: inputField,
        message: `${file.name} is ${formatSize(file.size)}: too large to be a bundle, trusted root or key. Is it the artifact?`,
      });
      return;
    }
    try {
      const text = await file.text();
      setFileProblem(undefined);
      const source = `${field}Source` as const;
      change({ [field]: text, [source]: file.name });
    } catch (error) {
      setFileProblem({
        field: inputField,
        message: `${file.name} could not be read: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const request: VerifyBundleRequest = {
      bundle: values.bundle,
      digest: values.digest,
      identity: values.identity,
      issuer: values.issuer,
      trustedRoot: values.trustedRoot,
      publicKey: values.publicKey,
      npmKeys: NPM_KEY_PRESETS.filter((k) => values.npmKeyIds.includes(k.keyId)),
    };
    if (values.artifact) {
      request.artifact = values.artifact;
      request.artifactName = values.artifact.name;
    }
    setChangedSinceRun(false);
    mutation.mutate(request);
  }

  // Dropping a file anywhere on the page loads it as the bundle; the artifact has its
  // own drop zone (marked data-drop="artifact"), which handles its drops itself.
  function onDragEnter(event: DragEvent) {
    if (!event.dataTransfer.types.includes('Files')) return;
    dragDepth.current += 1;
    setDragging(true);
  }
  function onDragLeave() {
    dragDepth.current = Math.max(0, dragDepth.current - 1);
    if (dragDepth.current === 0) setDragging(false);
  }
  function onDrop(event: DragEvent) {
    dragDepth.current = 0;
    setDragging(false);
    if (event.target instanceof Element && event.target.closest('[data-drop="artifact"]')) return;
    const file = event.dataTransfer.files[0];
    if (!file) return;
    event.preventDefault();
    void loadText('bundle', file);
  }

  const inputError = mutation.data?.input === 'invalid' && !changedSinceRun ? mutation.data.verdicts[0] : undefined;
  const fieldErrors: Partial<Record<InputField, string>> = {};
  if (inputError?.field) fieldErrors[inputError.field] = inputError.message;
  if (fileProblem) fieldErrors[fileProblem.field] = fileProblem.message;

  return (
    <div
      data-testid="verify-bundle-page"
      onDragEnter={onDragEnter}
      onDragLeave={onDragLeave}
      onDragOver={(event) => {
        if (event.dataTransfer.types.includes('Files')) event.preventDefault();
      }}
      onDrop={onDrop}
      className={`mt-4 rounded-md ${dragging ? 'outline-2 outline-dashed outline-sky-600' : ''}`}
    >
      <h1 className="text-2xl font-semibold">Verify a Sigstore bundle</h1>
      <p className="mt-1 max-w-3xl text-sm text-zinc-700 dark:text-zinc-300">
        Check an attestation you hold: its signature, certificate chain and transparency-log entry against
        Sigstore&apos;s trusted root, that it is for your file, and that the expected workflow or person signed it.
        Everything runs in this browser; nothing you paste or choose leaves it.
      </p>
      <TrustedRootStatus customRoot={values.trustedRoot} />
      <form onSubmit={submit} noValidate className="mt-4" aria-describedby={dragging ? 'drop-hint' : undefined}>
        <BundleForm
          values={values}
          errors={fieldErrors}
          onChange={change}
          onTextFile={(field, file) => void loadText(field, file)}
        />
        <div className="mt-4 flex flex-wrap items-center gap-3">
          <button
            type="submit"
            data-testid="verify-bundle-submit"
            disabled={mutation.isPending}
            className="rounded bg-sky-700 px-4 py-1.5 text-sm font-medium text-white hover:bg-sky-800 disabled:opacity-60"
          >
            {mutation.isPending ? 'Verifying…' : 'Verify'}
          </button>
          {dragging ? (
            <span id="drop-hint" className="text-sm text-sky-800 dark:text-sky-300">
              Drop the bundle file to load it.
            </span>
          ) : null}
        </div>
      </form>
      <section aria-labelledby="verify-results-heading" className="mt-8">
        <h2 id="verify-results-heading" className="text-lg font-semibold">
          Result
        </h2>
        {mutation.isPending ? (
          <p role="status" data-testid="loading" className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
            Verifying in a background worker…
          </p>
        ) : mutation.isError ? (
          <div
            role="alert"
            data-testid="error"
            data-error-code="VERIFIER_FAILED"
            className="mt-2 rounded-md border border-red-300 bg-red-50 p-4 text-sm text-red-950 dark:border-red-800 dark:bg-red-950/40 dark:text-red-100"
          >
            <p className="font-semibold">The verifier could not run.</p>
            <p className="mt-1">{mutation.error.message}</p>
            <button
              type="button"
              onClick={() => mutation.reset()}
              className="mt-2 rounded border border-red-400 px-3 py-1"
            >
              Dismiss
            </button>
          </div>
        ) : mutation.data ? (
          <>
            {changedSinceRun ? (
              <p className="mt-2 text-sm text-amber-800 dark:text-amber-300" data-testid="stale-result">
                The inputs changed since this result: verify again to check them.
              </p>
            ) : null}
            <BundleResults result={mutation.data} />
          </>
        ) : (
          <p data-testid="empty" className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
            Nothing verified yet. Paste a bundle (a <code>.sigstore.json</code> file, or what <code>npm view</code>
            &apos;s attestations URL returns), then press Verify.
          </p>
        )}
      </section>
    </div>
  );
}
