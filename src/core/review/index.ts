// The dependency review's core: lockfiles and specs in, reviewed rows out. Pure TS, runs
// in a worker and under Node.
export * from './lockfiles';
export { parseSpec, classifyRange, SpecError, type PackageSpec, type SpecType } from './spec';
export { pickVersion } from './pick-version';
export { parseConcurrency, MAX_CONCURRENCY, MIN_CONCURRENCY, type ConcurrencyParse } from './concurrency';
export {
  resolveSpec,
  ResolveError,
  DEFAULT_CONCURRENCY,
  type FetchPackument,
  type ManifestLike,
  type PackumentLike,
  type PeerRequirement,
  type ResolvedTree,
  type ResolveOptions,
  type ResolveProgress,
  type UnresolvedDependency,
} from './resolve';
export { compactPackument, fetchAbbreviatedPackument, registryPackuments, INSTALL_ACCEPT } from './registry-client';
export {
  createViewReceiver,
  createViewSender,
  inPieces,
  ROWS_PER_MESSAGE,
  type ReviewMessage,
  type ReviewRowDelta,
  type ReviewRowsPiece,
  type ReviewRunView,
  type ReviewViewMessage,
  type ViewReceiver,
} from './review-view';
export { compareIntegrity, type IntegrityComparison, type IntegrityStatus } from './integrity';
export {
  buildReview,
  byWeakness,
  WEAKEST_COUNT,
  continuityVersions,
  weaknessRank,
  CONTINUITY_KINDS,
  type PackageState,
  type Review,
  type ReviewFinding,
  type ReviewFindingKind,
  type ReviewInput,
  type ReviewRow,
  type ReviewSummary,
  type ReviewVerificationLookup,
} from './review';
export {
  buildReviewExport,
  reviewCsv,
  reviewFileBase,
  REVIEW_CSV_COLUMNS,
  REVIEW_EXPORT_FORMAT_VERSION,
  type ReviewExport,
  type ReviewSource,
} from './review-export';
export {
  startReview,
  type ReviewPhase,
  type ReviewRun,
  type ReviewRunInput,
  type ReviewRunOptions,
  type ReviewRunProgress,
  type ReviewRunSnapshot,
} from './run-review';
export { filterReviewRows, sortReviewRows, REVIEW_SORT_LABELS, type ReviewFilter, type ReviewSort } from './review-filter';
