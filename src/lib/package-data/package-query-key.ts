// The package query's key, in a module of its own: the shell reads the query cache with it
// (app/preload-navigation.ts) without importing the package queries' chunk.
export function packageQueryKey(base: string, name: string) {
  return ['package', base, name] as const;
}
