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
  type Workload,
  type WorkloadName,
} from '@attnkit/metrics';
import type { MeasureQuality, QualityResult } from './quality.ts';

/** The workloads a calibration measures by default: what trained heads do, locality, needles. */
export const QUALITY_WORKLOADS = ['mixture', 'local', 'retrieval'] as const;

/** Every workload name @attnkit/metrics knows: the names `--workload` accepts. */
export const WORKLOAD_NAMES: readonly string[] = WORKLOADS.map((w) => w.name);

const D = 64;

// Calibration scores every configuration on the same few workloads: generate each once (the
// knobbed ones solve their knob by bisection over exact rows, which costs more than a forward).
const made = new Map<string, Workload>();
function workloadOf(name: WorkloadName, n: number, causal: boolean, seed: number): Workload {
  const key = `${name}|${n}|${causal}|${seed}`;
  let w = made.get(key);
  if (!w) {
    if (made.size >= 8) made.delete(made.keys().next().value as string);
    w = makeWorkload(name, { queryLength: n, headDim: D, causal, seed });
    made.set(key, w);
  }
  return w;
}

/**
 * The default quality measure: `@attnkit/metrics` workloads and `measureFidelity` (mean per-row
 * error on its row set; recall by distance on planted workloads), so the selector's quality
 * figures mean what the bench and docs/fidelity.md mean.
 */
export const metricsMeasureQuality: MeasureQuality = (r) => {
  if (!WORKLOAD_NAMES.includes(r.workload))
    throw new Error(
      `quality workload "${r.workload}" unknown: expected one of ${WORKLOAD_NAMES.join(', ')}`,
    );
  const w = workloadOf(r.workload as WorkloadName, r.n, r.causal, r.seed);
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
