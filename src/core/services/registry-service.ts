// What the registry worker exposes: fetching and parsing a packument off the main
// thread (a popular package's packument is tens of megabytes of JSON).
import type { PackageRecord } from '../model';
import type { NetSettings } from '../net/net-settings';
import { fetchPackage } from '../registry/npm-registry';
import { JobRegistry, type Outcome } from './job-outcome';

export interface RegistryService {
  /**
   * The PackageRecord as UTF-8 JSON. A structured clone of thousands of small objects
   * cost the main thread more than parsing one compact JSON document, and the bytes can
   * be transferred to it without a copy.
   */
  fetchPackage(jobId: string, base: string, name: string, net?: NetSettings): Promise<Outcome<Uint8Array>>;
  cancel(jobId: string): void;
}

export function createRegistryService(): RegistryService {
  const jobs = new JobRegistry();
  const encoder = new TextEncoder();
  return {
    fetchPackage: (jobId, base, name, net) =>
      jobs.run(jobId, async (signal) =>
        encoder.encode(JSON.stringify(await fetchPackage(base, name, { signal, ...(net ? { net } : {}) }))),
      ),
    cancel: (jobId) => jobs.cancel(jobId),
  };
}

export function decodePackage(bytes: Uint8Array): PackageRecord {
  return JSON.parse(new TextDecoder().decode(bytes)) as PackageRecord;
}
