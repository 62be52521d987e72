// Fetches and parses packuments off the main thread, holds the full records, and
// analyses them here: the main thread gets compact records and the analysis's facts.
import { expose, transfer } from 'comlink';
import type { Outcome } from '../core/services/job-outcome';
import type { NetSettings } from '../core/net/net-settings';
import { encodedDeltaBuffers, encodeAnalysisDelta, type EncodedAnalysisDelta } from '../core/analysis/analysis-facts';
import type { VersionVerification } from '../core/model';
import { takeEarlyResponse } from '../core/net/early-response';
import { createRegistryService, type FetchedPackage, type RegistryService } from '../core/services/registry-service';

// A shared link's packument request may have been sent before this module loaded
// (lib/early-request.ts): the service adopts it.
const service = createRegistryService({ early: takeEarlyResponse(globalThis) });

/** What the worker exposes: the service, with the preview sent on a port of the caller's. */
export interface RegistryWorkerApi {
  /**
   * `preview` receives `{ bytes, versionCount }` (the package's newest versions),
   * possibly after a provisional `{ bytes }` (see `PreviewListener`); then it is closed.
   * `held`: see `RegistryService.fetchPackage`.
   */
  fetchPackage(
    jobId: string,
    base: string,
    name: string,
    net?: NetSettings,
    preview?: MessagePort,
    held?: boolean,
  ): Promise<Outcome<FetchedPackage>>;
  release: RegistryService['release'];
  versionRecords: RegistryService['versionRecords'];
  fullPackage: RegistryService['fullPackage'];
  /** `RegistryService.analyze`, its changed facts encoded (the main thread decodes them in slices). */
  analyze(sessionId: string, recordId: number, added: VersionVerification[]): EncodedAnalysisDelta | undefined;
  endAnalysis: RegistryService['endAnalysis'];
  fetchAbbreviatedPackument: RegistryService['fetchAbbreviatedPackument'];
  cancel: RegistryService['cancel'];
}

const exposed: RegistryWorkerApi = {
  cancel: (jobId) => service.cancel(jobId),
  async fetchAbbreviatedPackument(jobId, base, name, net) {
    const outcome = await service.fetchAbbreviatedPackument(jobId, base, name, net);
    return outcome.ok ? transfer(outcome, [outcome.value.buffer]) : outcome;
  },
  // The encoded package moves to the main thread without a copy.
  async fetchPackage(jobId, base, name, net, preview, held) {
    try {
      const outcome = await service.fetchPackage(
        jobId,
        base,
        name,
        net,
        preview && ((bytes, versionCount) => preview.postMessage({ bytes, versionCount }, [bytes.buffer])),
        held,
      );
      return outcome.ok ? transfer(outcome, [outcome.value.bytes.buffer]) : outcome;
    } finally {
      preview?.close();
    }
  },
  release: (jobId) => service.release(jobId),
  versionRecords: (jobId, base, name, versions, net) => service.versionRecords(jobId, base, name, versions, net),
  async fullPackage(jobId, base, name, net) {
    const outcome = await service.fullPackage(jobId, base, name, net);
    return outcome.ok ? transfer(outcome, [outcome.value.buffer]) : outcome;
  },
  analyze(sessionId, recordId, added) {
    const delta = service.analyze(sessionId, recordId, added);
    if (!delta) return undefined;
    const encoded = encodeAnalysisDelta(delta);
    return transfer(encoded, encodedDeltaBuffers(encoded));
  },
  endAnalysis: (sessionId) => service.endAnalysis(sessionId),
};

expose(exposed);
