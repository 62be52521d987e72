import { useId, useRef, type ReactNode } from 'react';
import { GITHUB_ACTIONS_ISSUER } from '../../../core/verify/issuers';
import type { InputField } from '../../../core/verify/verify-bundle';
import { FormField, type FieldControl } from '../../../components/form-field';
import { formatSize } from '../format-size';
import { NPM_KEY_PRESETS, SIGSTORE_TUF_VERSION } from '../npm-key-presets';

export interface FormValues {
  bundle: string;
  bundleSource?: string;
  artifact?: File;
  digest: string;
  identity: string;
  issuer: string;
  trustedRoot: string;
  trustedRootSource?: string;
  publicKey: string;
  publicKeySource?: string;
  /** npm's keys (presets) that may verify key-signed bundles. */
  npmKeyIds: string[];
}

export const EMPTY_FORM: FormValues = {
  bundle: '',
  digest: '',
  identity: '',
  issuer: '',
  trustedRoot: '',
  publicKey: '',
  npmKeyIds: [],
};

/** Common OIDC issuers, offered as suggestions only. */
const KNOWN_ISSUERS = [
  GITHUB_ACTIONS_ISSUER,
  'https://gitlab.com',
  'https://oauth2.sigstore.dev/auth',
  'https://accounts.google.com',
  'https://github.com/login/oauth',
];

type TextField = 'bundle' | 'trustedRoot' | 'publicKey';

const INPUT =
  'mt-1 w-full rounded border border-zinc-300 px-2 py-1 font-mono text-xs aria-[invalid=true]:border-red-600 dark:border-zinc-700 dark:bg-zinc-950';
const FILE_INPUT =
  'mt-1 block text-xs file:mr-2 file:rounded file:border file:border-zinc-300 file:bg-white file:px-2 file:py-0.5 dark:file:border-zinc-700 dark:file:bg-zinc-900';

export function BundleForm({
  values,
  errors,
  onChange,
  onTextFile,
}: {
  values: FormValues;
  errors: Partial<Record<InputField, string>>;
  onChange: (patch: Partial<FormValues>) => void;
  onTextFile: (field: TextField, file: File) => void;
}) {
  const id = useId();
  const artifactInput = useRef<HTMLInputElement>(null);
  // What every TextFileField reads and reports through.
  const formState = { values, onChange, onTextFile };
  const advancedOpen = Boolean(
    values.trustedRoot || values.publicKey || errors['trusted-root'] || errors['public-key'],
  );
  return (
    <div className="grid gap-4">
      <TextFileField
        label="Sigstore bundle or npm attestations response (JSON)"
        help={
          <>
            Paste a bundle (<code>.sigstore.json</code>, v0.1 to v0.3) or npm&apos;s whole answer from{' '}
            <code>/-/npm/v1/attestations/&lt;name&gt;@&lt;version&gt;</code>: each bundle in it is verified. Or load the
            file below, or drop it anywhere on this page.
          </>
        }
        error={errors.bundle}
        field="bundle"
        name="bundle"
        rows={8}
        fileLabel="…or load a bundle file"
        accept=".json,.sigstore,.jsonl,application/json"
        {...formState}
      />

      <fieldset className="rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
        <legend className="px-1 text-sm font-medium">What it should be for (optional)</legend>
        <div className="grid gap-4 md:grid-cols-2">
          <div data-drop="artifact">
            <FormField
              label="Artifact file"
              help="The file the bundle attests, e.g. the npm tarball. Its sha256, sha384 and sha512 are computed in a background worker; it is not uploaded anywhere."
              error={errors.artifact}
            >
              {(control) => (
                <>
                  <input
                    ref={artifactInput}
                    {...control}
                    name="artifact"
                    type="file"
                    onChange={(e) => onChange({ artifact: e.target.files?.[0] })}
                    className={FILE_INPUT}
                  />
                  {values.artifact ? (
                    <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400" data-testid="artifact-chosen">
                      {values.artifact.name} ({formatSize(values.artifact.size)}){' '}
                      <button
                        type="button"
                        className="text-sky-700 underline dark:text-sky-300"
                        onClick={() => {
                          if (artifactInput.current) artifactInput.current.value = '';
                          onChange({ artifact: undefined });
                        }}
                      >
                        Remove
                      </button>
                    </p>
                  ) : null}
                </>
              )}
            </FormField>
          </div>
          <TextInputField
            label="…or its digest"
            help={
              <>
                <code>sha256:&lt;hex&gt;</code>, <code>sha512:&lt;hex&gt;</code>, or an SRI string such as npm&apos;s{' '}
                <code>dist.integrity</code> (<code>sha512-&lt;base64&gt;</code>).
              </>
            }
            error={errors.digest}
            name="digest"
            value={values.digest}
            onValue={(digest) => onChange({ digest })}
          />
        </div>
      </fieldset>

      <fieldset className="rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
        <legend className="px-1 text-sm font-medium">Who should have signed it (optional)</legend>
        <div className="grid gap-4 md:grid-cols-2">
          <TextInputField
            label="Expected signer identity"
            help={
              <>
                The certificate&apos;s SAN as stated, e.g.{' '}
                <code>https://github.com/o/r/.github/workflows/release.yml@refs/tags/v1</code> or an email address
                (matched exactly); or, for GitHub Actions, <code>owner/repo</code>, <code>owner/repo:release.yml</code>{' '}
                or <code>owner/repo:release.yml@refs/tags/v1</code> (any workflow or ref where left out; the issuer then
                defaults to GitHub Actions&apos;).
              </>
            }
            error={errors.identity}
            name="identity"
            value={values.identity}
            onValue={(identity) => onChange({ identity })}
          />
          <TextInputField
            label="Expected OIDC issuer"
            help={
              <>
                The issuer the certificate must name, e.g. <code>{GITHUB_ACTIONS_ISSUER}</code>.
              </>
            }
            error={errors.issuer}
            name="issuer"
            list={`${id}-issuers`}
            value={values.issuer}
            onValue={(issuer) => onChange({ issuer })}
          >
            <datalist id={`${id}-issuers`}>
              {KNOWN_ISSUERS.map((issuer) => (
                <option key={issuer} value={issuer} />
              ))}
            </datalist>
          </TextInputField>
        </div>
      </fieldset>

      <details open={advancedOpen || undefined} className="rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
        <summary className="cursor-pointer text-sm font-medium">Advanced: trusted root and keys</summary>
        <div className="mt-3 grid gap-4">
          <TextFileField
            label="Trusted root (JSON)"
            help={`Another Sigstore instance's trusted_root.json. Left empty: the Sigstore public-good root bundled with @sigstore/tuf ${SIGSTORE_TUF_VERSION}.`}
            error={errors['trusted-root']}
            field="trustedRoot"
            name="trusted-root"
            rows={4}
            fileLabel="…or load a trusted root file"
            accept=".json,application/json"
            {...formState}
          />
          <TextFileField
            label="Public key (PEM or base64)"
            help="For bundles signed with a key rather than a certificate (cosign --key): a PEM PUBLIC KEY block or base64 SPKI. Used for any key hint the presets below do not match."
            error={errors['public-key']}
            field="publicKey"
            name="public-key"
            rows={3}
            fileLabel="…or load a key file"
            accept=".pem,.pub,.key,.txt"
            {...formState}
          />
          <fieldset>
            <legend className="text-sm font-medium">
              npm&apos;s registry keys (for npm&apos;s publish attestations)
            </legend>
            <p className="text-xs text-zinc-600 dark:text-zinc-400">
              From Sigstore&apos;s TUF repository (@sigstore/tuf {SIGSTORE_TUF_VERSION}); each is used only inside its
              validity window, judged at the time of the log entry.
            </p>
            {NPM_KEY_PRESETS.length === 0 ? (
              <p className="mt-1 text-xs text-amber-800 dark:text-amber-300">This build carries no npm keys.</p>
            ) : (
              <ul className="mt-1 grid gap-1">
                {NPM_KEY_PRESETS.map((key) => (
                  <li key={key.keyId}>
                    <label className="flex items-start gap-2 text-xs">
                      <input
                        type="checkbox"
                        name="npm-key"
                        value={key.keyId}
                        checked={values.npmKeyIds.includes(key.keyId)}
                        onChange={(e) =>
                          onChange({
                            npmKeyIds: e.target.checked
                              ? [...values.npmKeyIds, key.keyId]
                              : values.npmKeyIds.filter((k) => k !== key.keyId),
                          })
                        }
                        className="mt-0.5"
                      />
                      <span>
                        <span className="break-all font-mono">{key.keyId}</span>
                        <span className="block text-zinc-600 dark:text-zinc-400">
                          {key.validFrom ? `valid from ${key.validFrom.slice(0, 10)}` : 'valid'}
                          {key.validUntil ? ` until ${key.validUntil.slice(0, 10)}` : ', no end'}
                          {key.usages?.length ? ` · ${key.usages.join(', ')}` : ''}
                        </span>
                      </span>
                    </label>
                  </li>
                ))}
              </ul>
            )}
          </fieldset>
        </div>
      </details>
    </div>
  );
}

/** A labelled {@link TextInput}; `children` (e.g. its datalist) follow the input. */
function TextInputField({
  label,
  help,
  error,
  children,
  ...input
}: {
  label: string;
  help?: ReactNode;
  error?: string | undefined;
  children?: ReactNode;
  name: string;
  list?: string;
  value: string;
  onValue: (value: string) => void;
}) {
  return (
    <FormField label={label} help={help} error={error}>
      {(control) => (
        <>
          <TextInput control={control} {...input} />
          {children}
        </>
      )}
    </FormField>
  );
}

/** A one-line text input that is not a word (a digest, a URL): no spelling, no autofill. */
function TextInput({
  control,
  name,
  list,
  value,
  onValue,
}: {
  control: FieldControl;
  name: string;
  list?: string;
  value: string;
  onValue: (value: string) => void;
}) {
  return (
    <input
      {...control}
      name={name}
      type="text"
      list={list}
      spellCheck={false}
      autoComplete="off"
      value={value}
      onChange={(e) => onValue(e.target.value)}
      className={INPUT}
    />
  );
}

const SOURCE_OF = { bundle: 'bundleSource', trustedRoot: 'trustedRootSource', publicKey: 'publicKeySource' } as const;

/** A field for JSON or PEM text, pasted or loaded from a file (whose name is then shown). */
function TextFileField({
  field,
  name,
  rows,
  label,
  help,
  error,
  fileLabel,
  accept,
  values,
  onChange,
  onTextFile,
}: {
  field: TextField;
  name: string;
  rows: number;
  label: string;
  help: ReactNode;
  error: string | undefined;
  fileLabel: string;
  accept: string;
  values: FormValues;
  onChange: (patch: Partial<FormValues>) => void;
  onTextFile: (field: TextField, file: File) => void;
}) {
  return (
    <FormField label={label} help={help} error={error}>
      {(control) => (
        <>
          <textarea
            {...control}
            name={name}
            rows={rows}
            spellCheck={false}
            value={values[field]}
            onChange={(e) => onChange({ [field]: e.target.value, [SOURCE_OF[field]]: undefined })}
            className={INPUT}
          />
          <FileInput
            name={`${name}-file`}
            label={fileLabel}
            accept={accept}
            loaded={values[SOURCE_OF[field]]}
            onFile={(file) => onTextFile(field, file)}
          />
        </>
      )}
    </FormField>
  );
}

function FileInput({
  name,
  label,
  accept,
  loaded,
  onFile,
}: {
  name: string;
  label: string;
  accept: string;
  loaded: string | undefined;
  onFile: (file: File) => void;
}) {
  const id = useId();
  return (
    <div className="mt-1">
      <label htmlFor={id} className="text-xs text-zinc-700 dark:text-zinc-300">
        {label}
      </label>
      <input
        id={id}
        name={name}
        type="file"
        accept={accept}
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) onFile(file);
          // The same file chosen again (after an edit) must load again.
          e.target.value = '';
        }}
        className={FILE_INPUT}
      />
      {loaded ? <p className="text-xs text-zinc-600 dark:text-zinc-400">Loaded from {loaded}.</p> : null}
    </div>
  );
}
