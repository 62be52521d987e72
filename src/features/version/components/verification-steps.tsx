import { STEP_LABELS } from '../../../core/analysis/findings';
import type { StepResult, VersionVerification } from '../../../core/model';
import { CheckList } from '../../../components/check-list';

const OUTCOME_STYLE: Record<StepResult['outcome'], { text: string; className: string }> = {
  pass: { text: 'Pass', className: 'text-emerald-800 dark:text-emerald-300' },
  fail: { text: 'Fail', className: 'font-semibold text-red-700 dark:text-red-400' },
  skip: { text: 'Not checked', className: 'text-zinc-600 dark:text-zinc-400' },
};

export function VerificationSteps({ verification }: { verification: VersionVerification | undefined }) {
  return (
    <section aria-labelledby="steps-heading" className="mt-6">
      <h2 id="steps-heading" className="text-lg font-semibold">
        Verification steps
      </h2>
      {!verification ? (
        <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400" role="status">
          Verifying in the background…
        </p>
      ) : (
        <ol className="mt-2 space-y-2">
          {verification.steps.map((step) => (
            <li
              key={step.step}
              data-testid="verification-step"
              data-step={step.step}
              data-outcome={step.outcome}
              data-code={step.code}
              data-key-origin={step.keyOrigin}
              className="rounded-md border border-zinc-200 p-3 text-sm dark:border-zinc-800"
            >
              <div className="flex flex-wrap items-center gap-2">
                <span className="font-medium">{STEP_LABELS[step.step]}</span>
                <span className={OUTCOME_STYLE[step.outcome].className}>{OUTCOME_STYLE[step.outcome].text}</span>
                <code className="text-xs text-zinc-500">{step.code}</code>
                {step.keyOrigin === 'registry' ? (
                  <span
                    data-testid="registry-only-key"
                    className="rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-900 dark:bg-amber-900 dark:text-amber-100"
                    title="This key is served by the registry being browsed but not by Sigstore's TUF repository"
                  >
                    key vouched for by the registry only
                  </span>
                ) : null}
              </div>
              <p className="mt-1 break-words text-zinc-800 dark:text-zinc-200">{step.message}</p>
              {step.checks ? (
                <CheckList
                  checks={step.checks}
                  label={`${STEP_LABELS[step.step]}: checks`}
                  className="mt-2 text-xs sm:grid-cols-2 sm:gap-x-4"
                />
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
