import type { ReactNode } from 'react';
import type { CertificateIdentity, PredicateFacts } from '../../../core/model';
import { CertificateTable } from '../../../components/certificate-table';

/** The signing certificate's identity, with what it proves. */
export function CertificateSection({
  identity,
  verified,
}: {
  identity: CertificateIdentity | undefined;
  verified: boolean;
}) {
  if (!identity) return null;
  return (
    <Section id="cert-heading" title="Signing certificate">
      <CertificateTable identity={identity} signed="provenance" verified={verified} />
    </Section>
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
    <Section id="predicate-heading" title="Provenance predicate">
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
    </Section>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="mt-6">
      <h2 id={id} className="text-lg font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}
