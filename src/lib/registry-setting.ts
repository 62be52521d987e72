// Which registry the app reads (lib/registry-setting-value.ts, without React, which the
// entry module reads before React is loaded), and the hook the screens read it with.
import { useSyncExternalStore } from 'react';
import { currentRegistrySetting, subscribeRegistrySetting, type RegistrySetting } from './registry-setting-value';

export { currentRegistrySetting, resetRegistry, saveRegistry, type RegistrySetting } from './registry-setting-value';

export function useRegistrySetting(): RegistrySetting {
  return useSyncExternalStore(subscribeRegistrySetting, currentRegistrySetting);
}
