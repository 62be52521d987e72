// What the registry worker exposes: fetching and parsing a packument off the main
// thread (a popular package's packument is tens of megabytes of JSON).
import type { PackageRecord } from '../model';
import { fetchPackage } from '../registry/npm-registry';
import { JobRegistry, type Outcome } from './job-outcome';

export interface RegistryService {
  fetchPackage(jobId: string, base: string, name: string): Promise<Outcome<PackageRecord>>;
  cancel(jobId: string): void;
}

export function createRegistryService(): RegistryService {
  const jobs = new JobRegistry();
  return {
    fetchPackage: (jobId, base, name) => jobs.run(jobId, (signal) => fetchPackage(base, name, { signal })),
    cancel: (jobId) => jobs.cancel(jobId),
  };
}
