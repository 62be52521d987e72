// npm's registry keys as bundled from Sigstore's TUF repository at build time: the
// presets for npm's publish attestations, which are signed with one of them.
import { npmKeys as bundledTufKeys, tufVersion } from 'virtual:sigstore-seeds';
import { parseTufRegistryKeys, type RegistryKey } from '../../core/registry/npm-keys';

export const NPM_KEY_PRESETS: RegistryKey[] = parseTufRegistryKeys(bundledTufKeys);

export const SIGSTORE_TUF_VERSION: string = tufVersion;
