// Fetches and parses packuments off the main thread.
import { expose, transfer } from 'comlink';
import { createRegistryService, type RegistryService } from '../core/services/registry-service';

const service = createRegistryService();

const exposed: RegistryService = {
  ...service,
  // The encoded package moves to the main thread without a copy.
  async fetchPackage(jobId, base, name, net) {
    const outcome = await service.fetchPackage(jobId, base, name, net);
    return outcome.ok ? transfer(outcome, [outcome.value.buffer]) : outcome;
  },
};

expose(exposed);
