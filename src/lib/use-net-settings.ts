// The page's network settings as the settings forms show them (lib/net-settings.ts).
import { useSyncExternalStore } from 'react';
import { currentPageNetSettings, subscribeNetSettings, type PageNetSettings } from './net-settings';

export function useNetSettings(): PageNetSettings {
  return useSyncExternalStore(subscribeNetSettings, currentPageNetSettings);
}
