// Test-only (early-request.test.ts): stands for the registry worker's module, which
// starts listening for messages when it is evaluated; with the test's flag set, it
// fails to load as a module that cannot be evaluated would.
const scope = globalThis as { __earlyRequestFixtureLoaded?: () => void; __earlyRequestFixtureThrows?: boolean };
if (scope.__earlyRequestFixtureThrows) throw new Error('fixture: this module fails to load');
scope.__earlyRequestFixtureLoaded?.();
export {};
