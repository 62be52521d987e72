import {
  memo,
  useDeferredValue,
  useMemo,
  useRef,
  useState,
  type ClipboardEvent,
  type DragEvent,
  type FormEvent,
} from 'react';
import type { InputField, VerifyBundleRequest, VerifyBundleResult } from '../../../core/verify/verify-bundle';
import { useVerifyBundle } from '../use-verify-bundle';
import { FIELD_BY_NAME, INPUT_LIMITS, binaryReason, textProblem, tooLargeMessage } from '../input-limits';
import { NPM_KEY_PRESETS } from '../npm-key-presets';
import { BundleForm as BundleFormFields, EMPTY_FORM, type FormValues } from './bundle-form';
import { BundleResults } from './bundle-results';
import { TrustedRootStatus } from '../../../components/trusted-root-status';
import { nextTask } from '../../../lib/next-task';

// Renders again only when its values, errors or handlers change (they are kept stable):
// not when the verification's state changes, so the Verify click's renders stay small.
const BundleForm = memo(BundleFormFields);

/** The form values that hold text, with the field each is reported under. */
const TEXT_VALUES: readonly (readonly [keyof FormValues, InputField])[] = [
  ['bundle', 'bundle'],
  ['trustedRoot', 'trusted-root'],
  ['publicKey', 'public-key'],
  ['digest', 'digest'],
  ['identity', 'identity'],
  ['issuer', 'issuer'],
];

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

  // Stable (the memoized form keeps them): they use only the state's setters.
  const { change, loadText, onTextFile } = useMemo(() => {
    const change = (patch: Partial<FormValues>) =>
      applyChange(patch, { problem: setFileProblem, values: setValues, changed: setChangedSinceRun });
    const loadText = (field: TextFileValue, file: File) =>
      readTextFile(field, file, { problem: setFileProblem, loaded: change });
    const onTextFile = (field: TextFileValue, file: File) => void loadText(field, file);
    return { change, loadText, onTextFile };
  }, []);

  /**
   * Pastes into any text field of the form are checked before the browser inserts them:
   * too long, or not text (control characters, or files on the clipboard), and they are
   * refused with a message under the field. Handled here (capture phase) for every field.
   */
  function onPasteCapture(event: ClipboardEvent) {
    const target = event.target;
    if (!(target instanceof HTMLTextAreaElement || target instanceof HTMLInputElement)) return;
    const field = FIELD_BY_NAME[target.name];
    if (!field) return;
    const file = event.clipboardData.files[0];
    if (file) {
      event.preventDefault();
      const textField = field === 'trusted-root' ? 'trustedRoot' : field === 'public-key' ? 'publicKey' : 'bundle';
      if (field === 'bundle' || field === 'trusted-root' || field === 'public-key') void loadText(textField, file);
      else setFileProblem({ field, message: `A file (${file.name}) cannot be pasted into the ${field} field.` });
      return;
    }
    const text = event.clipboardData.getData('text/plain');
    const replaced = (target.selectionEnd ?? 0) - (target.selectionStart ?? 0);
    const length = target.value.length - replaced + text.length;
    if (length > INPUT_LIMITS[field]) {
      event.preventDefault();
      setFileProblem({ field, message: tooLargeMessage(field, length, 'The pasted text') });
      return;
    }
    const problem = textProblem(text);
    if (problem) {
      event.preventDefault();
      setFileProblem({ field, message: `The pasted text was not inserted: ${problem}.` });
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
    // The click's task only reads the form: the run starts in the next task (the request
    // posted to the verifier worker, the button's state rendered), and what it changes
    // below renders after that, in a deferred render (the run's state below). Not a
    // transition started here: a form's submit handler that starts one has React copy
    // the whole form (the pasted bundle too) into a FormData, in this task.
    nextTask(() => {
      setChangedSinceRun(false);
      mutation.mutate(request);
    });
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

  // The run's state (pending, verdicts, failure) renders in a deferred render
  // (interruptible, off the task that received it: the click's, or the worker's answer);
  // until then the page still shows the state before. The trusted root's status line
  // follows the root field the same way, not every keystroke in the form.
  // One object, so that the deferred render never mixes one run's verdicts with
  // another's key. `submittedAt` keys the verdicts: a new run's verdicts are new
  // elements, never the previous run's reused (a reader must not mistake one for the other).
  const run = useDeferredValue(
    useMemo(
      () => ({ pending: mutation.isPending, result: mutation.data, failure: mutation.error, runKey: mutation.submittedAt }),
      [mutation.isPending, mutation.data, mutation.error, mutation.submittedAt],
    ),
  );
  const { pending, result, failure, runKey } = run;
  const customRoot = useDeferredValue(values.trustedRoot);
  const stale = useDeferredValue(changedSinceRun);

  const inputError = result?.input === 'invalid' && !changedSinceRun ? result.verdicts[0] : undefined;
  const fieldErrors = useMemo(() => {
    const errors: Partial<Record<InputField, string>> = {};
    if (inputError?.field) errors[inputError.field] = inputError.message;
    if (fileProblem) errors[fileProblem.field] = fileProblem.message;
    return errors;
  }, [inputError, fileProblem]);

  return (
    <div
      data-testid="verify-bundle-page"
      onDragEnter={onDragEnter}
      onDragLeave={onDragLeave}
      onDragOver={(event) => {
        if (event.dataTransfer.types.includes('Files')) event.preventDefault();
      }}
      onDrop={onDrop}
      onPasteCapture={onPasteCapture}
      className={`mt-4 rounded-md ${dragging ? 'outline-2 outline-dashed outline-sky-600' : ''}`}
    >
      <h1 className="text-2xl font-semibold">Verify a Sigstore bundle</h1>
      <p className="mt-1 max-w-3xl text-sm text-zinc-700 dark:text-zinc-300">
        Check an attestation you hold: its signature, certificate chain and transparency-log entry against
        Sigstore&apos;s trusted root, that it is for your file, and that the expected workflow or person signed it.
        Everything runs in this browser; nothing you paste or choose leaves it.
      </p>
      <TrustedRootStatus customRoot={customRoot} />
      <form onSubmit={submit} noValidate className="mt-4" aria-describedby={dragging ? 'drop-hint' : undefined}>
        <BundleForm values={values} errors={fieldErrors} onChange={change} onTextFile={onTextFile} />
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
      <RunResult
        pending={pending}
        result={result}
        runKey={runKey}
        failure={failure}
        changedSinceRun={stale}
        onDismiss={mutation.reset}
      />
    </div>
  );
}

/** The run's state: verifying, the verdicts, or why the verifier could not run. */
const RunResult = memo(function RunResult({
  pending,
  result,
  runKey,
  failure,
  changedSinceRun,
  onDismiss,
}: {
  pending: boolean;
  result: VerifyBundleResult | undefined;
  /** The run the verdicts come from (when it was submitted). */
  runKey: number;
  failure: Error | null;
  changedSinceRun: boolean;
  onDismiss: () => void;
}) {
  return (
    <section aria-labelledby="verify-results-heading" className="mt-8">
      <h2 id="verify-results-heading" className="text-lg font-semibold">
        Result
      </h2>
      {pending ? (
        <p role="status" data-testid="loading" className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
          Verifying in a background worker…
        </p>
      ) : failure ? (
        <div
          role="alert"
          data-testid="error"
          data-error-code="VERIFIER_FAILED"
          className="mt-2 rounded-md border border-red-300 bg-red-50 p-4 text-sm text-red-950 dark:border-red-800 dark:bg-red-950/40 dark:text-red-100"
        >
          <p className="font-semibold">The verifier could not run.</p>
          <p className="mt-1">{failure.message}</p>
          <button type="button" onClick={onDismiss} className="mt-2 rounded border border-red-400 px-3 py-1">
            Dismiss
          </button>
        </div>
      ) : result ? (
        <>
          {changedSinceRun ? (
            <p className="mt-2 text-sm text-amber-800 dark:text-amber-300" data-testid="stale-result">
              The inputs changed since this result: verify again to check them.
            </p>
          ) : null}
          <BundleResults key={runKey} result={result} />
        </>
      ) : (
        <p data-testid="empty" className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
          Nothing verified yet. Paste a bundle (a <code>.sigstore.json</code> file, or what <code>npm view</code>
          &apos;s attestations URL returns), then press Verify.
        </p>
      )}
    </section>
  );
});

type TextFileValue = 'bundle' | 'trustedRoot' | 'publicKey';
type FileProblem = { field: InputField; message: string } | undefined;

/** A change of the form's values, refused with a problem under the field when too large. */
function applyChange(
  patch: Partial<FormValues>,
  set: {
    problem: (update: FileProblem | ((problem: FileProblem) => FileProblem)) => void;
    values: (update: (current: FormValues) => FormValues) => void;
    changed: (changed: boolean) => void;
  },
): void {
  // Limits hold for typed and dropped text too (pastes and files are refused earlier).
  for (const [key, field] of TEXT_VALUES) {
    const value = patch[key];
    if (typeof value === 'string' && value.length > INPUT_LIMITS[field]) {
      set.problem({ field, message: tooLargeMessage(field, value.length, 'The text') });
      return;
    }
  }
  if (patch.artifact && patch.artifact.size > INPUT_LIMITS.artifact) {
    set.problem({ field: 'artifact', message: tooLargeMessage('artifact', patch.artifact.size, patch.artifact.name) });
    return;
  }
  set.problem((problem) =>
    problem &&
    TEXT_VALUES.concat([['artifact', 'artifact']]).some(([key, field]) => key in patch && field === problem.field)
      ? undefined
      : problem,
  );
  set.values((current) => ({ ...current, ...patch }));
  set.changed(true);
}

/** Reads a text file for a field: size, then type (from the first 4 KiB only), and only then the text. */
async function readTextFile(
  field: TextFileValue,
  file: File,
  report: {
    problem: (problem: FileProblem) => void;
    loaded: (patch: Partial<FormValues>) => void;
  },
): Promise<void> {
  const inputField: InputField =
    field === 'trustedRoot' ? 'trusted-root' : field === 'publicKey' ? 'public-key' : 'bundle';
  if (file.size > INPUT_LIMITS[inputField]) {
    report.problem({ field: inputField, message: tooLargeMessage(inputField, file.size, file.name) });
    return;
  }
  try {
    const binary = await binaryReason(file);
    if (binary) {
      report.problem({
        field: inputField,
        message: `${file.name} was not loaded: ${binary}. A bundle, trusted root or key is JSON or PEM text; the artifact has its own field.`,
      });
      return;
    }
    const text = await file.text();
    report.problem(undefined);
    const source = `${field}Source` as const;
    report.loaded({ [field]: text, [source]: file.name });
  } catch (error) {
    report.problem({
      field: inputField,
      message: `${file.name} could not be read: ${error instanceof Error ? error.message : String(error)}`,
    });
  }
}
