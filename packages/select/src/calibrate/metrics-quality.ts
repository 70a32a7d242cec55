/**
 * Calibration's quality measure, from @attnkit/metrics: the variant's output on a metrics
 * workload (seeded, the same tensors everywhere) scored by measureFidelity against float64
 * softmax rows — mean per-row relative error on metrics' fixed row set — and, on workloads with
 * planted pairs, recall per distance bucket. A bucket's distance is the largest planted distance
 * in it, so `predictRecall` never claims a distance no planted pair was measured at.
 */
import {
  bucketOf,
  DISTANCE_BUCKETS,
  makeWorkload,
  measureFidelity,
  WORKLOADS,
  type WorkloadName,
} from '@attnkit/metrics';
import type { MeasureQuality, QualityResult } from './quality.ts';

/** The workloads a calibration measures by default: what trained heads do, locality, needles. */
export const QUALITY_WORKLOADS = ['mixture', 'local', 'retrieval'] as const;

/** Every workload name @attnkit/metrics knows: the names `--workload` accepts. */
export const WORKLOAD_NAMES: readonly string[] = WORKLOADS.map((w) => w.name);

const D = 64;

export const metricsMeasureQuality: MeasureQuality = (r) => {
  if (!WORKLOAD_NAMES.includes(r.workload))
    throw new Error(
      `quality workload "${r.workload}" unknown: expected one of ${WORKLOAD_NAMES.join(', ')}`,
    );
  const w = makeWorkload(r.workload as WorkloadName, {
    queryLength: r.n,
    headDim: D,
    causal: r.causal,
    seed: r.seed,
  });
  const out = r.variant.forward(w.q, w.k, w.v, { causal: r.causal });
  const report = measureFidelity(out, w, { causal: r.causal, seed: r.seed });
  const result: QualityResult = { relError: report.relativeError.mean, rows: report.rows };
  if (r.recall && report.recall && w.planted) {
    const farthest = DISTANCE_BUCKETS.map(() => 0);
    const offset = w.k.shape[2] - w.q.shape[2];
    for (let p = 0; p < w.planted.query.length; p++) {
      const d = w.planted.query[p] + offset - w.planted.key[p];
      const b = bucketOf(d);
      farthest[b] = Math.max(farthest[b], d);
    }
    result.recallByDistance = report.recall.buckets.flatMap((b, i) =>
      b.recall === null ? [] : [{ distance: farthest[i], recall: b.recall, pairs: b.pairs }],
    );
  }
  return result;
};
