/**
 * Chooses an attention configuration for a use case: ranks concrete specs by predicted time from
 * a machine profile, with predicted peak memory and quality, and says for each family left out
 * which constraint it breaks. `calibrate()` measures a profile of this machine.
 *
 * @module @attnkit/select
 */
export { type CalibrateOptions, calibrate } from './calibrate/calibrate.ts';
export {
  metricsMeasureQuality,
  QUALITY_WORKLOADS,
  WORKLOAD_NAMES,
} from './calibrate/metrics-quality.ts';
export {
  exactRow,
  type MeasureQuality,
  plantedRecall,
  type QualityRequest,
  type QualityResult,
} from './calibrate/quality.ts';
export { type CandidateSpec, candidateSpecs } from './candidates.ts';
export type { Predicted, Violation } from './evaluate.ts';
export { createVariant } from './families.ts';
export { formatQuality, formatText, toJson } from './format.ts';
export { inputBytes } from './predict/shape.ts';
export { defaultProfile } from './profile/default.ts';
export { asProfile, isBenchResults, profileFromBenchResults } from './profile/from-bench.ts';
export {
  type DecodePoint,
  FAMILIES,
  type Family,
  type FidelityPoint,
  PROFILE_SCHEMA,
  PROFILE_VERSION,
  type Profile,
  type Provenance,
  type ThroughputPoint,
  validateProfile,
} from './profile/schema.ts';
export { reachAt, reachDistances } from './reach.ts';
export { type Candidate, type Exclusion, type Recommendation, select } from './select.ts';
export { formatBytes, formatMs, parseBytes, parseMs } from './units.ts';
export {
  type Mode,
  type Positional,
  type QualityNeed,
  type ResolvedUseCase,
  resolveUseCase,
  type UseCase,
} from './use-case.ts';
