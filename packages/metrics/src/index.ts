/**
 * Quality of attention approximations: seeded workloads with the structure of trained attention,
 * and what a variant keeps of exact attention on them — per-row error on a row set fixed across
 * N, attention mass kept and recall per query–key distance.
 *
 * @module @attnkit/metrics
 */
export { type FidelityOptions, type FidelityReport, measureFidelity } from './fidelity.ts';
export {
  type BucketMass,
  type MassKept,
  type MassRow,
  type MassSource,
  massKeptOnRows,
} from './mass-kept.ts';
export { massKept } from './mass-kept-workload.ts';
export { probeRowWeights } from './probe-weights.ts';
export { type Recall, recallOf } from './recall.ts';
export {
  bucketOf,
  DEFAULT_ROW_COUNT,
  DISTANCE_BUCKETS,
  flatRows,
  type RowSet,
  rowSet,
} from './row-set.ts';
export { BOOTSTRAP_RESAMPLES, quantileSorted, type Summary, summarize } from './stats.ts';
export { makeWorkload, WORKLOADS, type WorkloadInfo } from './workloads/index.ts';
export type { Workload, WorkloadName, WorkloadParams } from './workloads/types.ts';
