import type { CertificateIdentity, PredicateFacts } from '../../../core/model';

const CERT_FIELDS: [keyof CertificateIdentity, string, string][] = [
  ['subjectAlternativeName', 'Subject alternative name', 'SAN'],
  ['issuer', 'OIDC issuer', '1.3.6.1.4.1.57264.1.8'],
  ['buildSignerUri', 'Build signer URI', '…1.9'],
  ['buildSignerDigest', 'Build signer digest', '…1.10'],
  ['runnerEnvironment', 'Runner environment', '…1.11'],
  ['sourceRepositoryUri', 'Source repository URI', '…1.12'],
  ['sourceRepositoryDigest', 'Source repository digest', '…1.13'],
  ['sourceRepositoryRef', 'Source repository ref', '…1.14'],
  ['sourceRepositoryIdentifier', 'Source repository id', '…1.15'],
  ['sourceRepositoryOwnerUri', 'Source repository owner URI', '…1.16'],
  ['sourceRepositoryOwnerIdentifier', 'Source repository owner id', '…1.17'],
  ['buildConfigUri', 'Build config URI', '…1.18'],
  ['buildConfigDigest', 'Build config digest', '…1.19'],
  ['buildTrigger', 'Build trigger', '…1.20'],
  ['runInvocationUri', 'Run invocation URI', '…1.21'],
  ['sourceRepositoryVisibilityAtSigning', 'Repository visibility at signing', '…1.22'],
  ['deploymentEnvironment', 'Deployment environment', '…1.23'],
];

export function CertificateTable({
  identity,
  verified,
}: {
  identity: CertificateIdentity | undefined;
  verified: boolean;
}) {
  if (!identity) return null;
  return (
    <section aria-labelledby="cert-heading" className="mt-6">
      <h2 id="cert-heading" className="text-lg font-semibold">
        Signing certificate
      </h2>
      <p className="text-xs text-zinc-600 dark:text-zinc-400">
        {verified
          ? 'Fulcio extensions of the certificate that signed the provenance; issued from the CI provider’s OIDC token, so authoritative.'
          : 'Read from a certificate whose verification did not succeed: these values are not proven.'}
      </p>
      <table className="mt-2 w-full text-sm" data-testid="certificate-fields">
        <tbody>
          {CERT_FIELDS.filter(([key]) => identity[key] !== undefined).map(([key, label, oid]) => (
            <tr key={key} className="border-b border-zinc-100 dark:border-zinc-800" data-field={key}>
              <th scope="row" className="py-1 pr-4 text-left font-normal text-zinc-600 dark:text-zinc-400">
                {label} <span className="text-[11px] text-zinc-500 dark:text-zinc-400">{oid}</span>
              </th>
              <td className="break-all py-1 font-mono text-xs">{identity[key]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

const PREDICATE_FIELDS: [keyof PredicateFacts, string][] = [
  ['predicateType', 'Predicate type'],
  ['buildType', 'Build type'],
  ['builderId', 'Builder'],
  ['repository', 'Workflow repository'],
  ['workflowPath', 'Workflow path'],
  ['ref', 'Ref'],
  ['event', 'Event'],
  ['commit', 'Commit'],
  ['invocationId', 'Invocation'],
];

export function PredicateTable({ predicate }: { predicate: PredicateFacts | undefined }) {
  if (!predicate) return null;
  return (
    <section aria-labelledby="predicate-heading" className="mt-6">
      <h2 id="predicate-heading" className="text-lg font-semibold">
        Provenance predicate
      </h2>
      <p className="text-xs text-zinc-600 dark:text-zinc-400">
        Written by the workflow itself: compared with the certificate, never trusted over it.
      </p>
      <table className="mt-2 w-full text-sm">
        <tbody>
          {PREDICATE_FIELDS.filter(([key]) => predicate[key] !== undefined).map(([key, label]) => (
            <tr key={key} className="border-b border-zinc-100 dark:border-zinc-800">
              <th scope="row" className="py-1 pr-4 text-left font-normal text-zinc-600 dark:text-zinc-400">
                {label}
              </th>
              <td className="break-all py-1 font-mono text-xs">{predicate[key]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
