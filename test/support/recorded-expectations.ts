// What each recorded npm attestations response holds (read off the files by hand): the
// expectations the verification tests compare with.
import { NEW_KEY_ID, OLD_KEY_ID, SLSA_V02_TYPE, SLSA_V1_TYPE, type AttestationFile } from './derived-record';

export interface Expected {
  name: string;
  version: string;
  provenanceType: string;
  mediaTypes: string[];
  provenanceLogIndex: string;
  publishLogIndex: string;
  keyId: string;
  repository: string;
  hasInclusionProof: boolean;
}

export const EXPECTED: Record<AttestationFile, Expected> = {
  'sigstore@1.0.0.json': {
    name: 'sigstore',
    version: '1.0.0',
    provenanceType: SLSA_V02_TYPE,
    mediaTypes: [
      'application/vnd.dev.sigstore.bundle+json;version=0.1',
      'application/vnd.dev.sigstore.bundle+json;version=0.1',
    ],
    provenanceLogIndex: '12988397',
    publishLogIndex: '12988399',
    keyId: OLD_KEY_ID,
    repository: 'https://github.com/sigstore/sigstore-js',
    hasInclusionProof: false,
  },
  'tuf-js@1.0.0.json': {
    name: 'tuf-js',
    version: '1.0.0',
    provenanceType: SLSA_V02_TYPE,
    mediaTypes: [
      'application/vnd.dev.sigstore.bundle+json;version=0.1',
      'application/vnd.dev.sigstore.bundle+json;version=0.1',
    ],
    provenanceLogIndex: '12987347',
    publishLogIndex: '12987349',
    keyId: OLD_KEY_ID,
    repository: 'https://github.com/theupdateframework/tuf-js',
    hasInclusionProof: false,
  },
  '@playwright_cli@0.1.1.json': {
    name: '@playwright/cli',
    version: '0.1.1',
    provenanceType: SLSA_V1_TYPE,
    mediaTypes: [
      'application/vnd.dev.sigstore.bundle.v0.3+json',
      'application/vnd.dev.sigstore.bundle+json;version=0.2',
    ],
    provenanceLogIndex: '953297574',
    publishLogIndex: '953297582',
    keyId: NEW_KEY_ID,
    repository: 'https://github.com/microsoft/playwright-cli',
    hasInclusionProof: true,
  },
};
