/**
 * Recall of planted pairs, hard 0/1 per pair as the bench has always counted it: a planted
 * query is recalled when its output is nearer (L2) to its own planted key's value than to any
 * other planted value of that head and than to zero ("retrieved nothing": an average of
 * unrelated values is close to zero). Reported beside mass kept, which shows partial loss.
 */
import type { Tensor } from '@attnkit/core';
import { bucketOf, DISTANCE_BUCKETS } from './row-set.ts';
import type { Workload } from './workloads/types.ts';

/** Share of planted pairs a variant's output retrieves, overall, far away and per distance bucket. */
export interface Recall {
  /** Over pairs at distance ≥ Nk/2 (null when there are none). */
  long: number | null;
  /** All pairs. */
  all: number;
  /** Per bucket of `DISTANCE_BUCKETS`: recall (null without pairs) and the pairs counted. */
  buckets: { label: string; recall: number | null; pairs: number }[];
}

/**
 * Recall of the workload's planted pairs from an output (see the module comment for the rule);
 * null for a workload without planted pairs.
 */
export function recallOf(output: Tensor, workload: Workload): Recall | null {
  const planted = workload.planted;
  if (!planted || planted.query.length === 0) return null;
  const [B, H, Nq, Dv] = output.shape;
  const Hkv = workload.v.shape[1];
  const Nk = workload.v.shape[2];
  const group = H / Hkv;
  const P = planted.query.length;
  const hit = new Float64Array(P);
  const v = workload.v.data;
  const out = output.data;
  for (let b = 0; b < B; b++)
    for (let h = 0; h < H; h++) {
      const vBase = (b * Hkv + Math.floor(h / group)) * Nk * Dv;
      for (let p = 0; p < P; p++) {
        const o = ((b * H + h) * Nq + planted.query[p]) * Dv;
        let best = 0;
        for (let t = 0; t < Dv; t++) best += out[o + t] * out[o + t];
        let bestIndex = -1;
        for (let c = 0; c < P; c++) {
          const vo = vBase + planted.key[c] * Dv;
          let dist = 0;
          for (let t = 0; t < Dv; t++) dist += (out[o + t] - v[vo + t]) ** 2;
          if (dist < best) {
            best = dist;
            bestIndex = c;
          }
        }
        if (bestIndex === p) hit[p] += 1 / (B * H);
      }
    }
  const offset = Nk - Nq;
  const buckets = DISTANCE_BUCKETS.map((bucket) => ({ label: bucket.label, sum: 0, pairs: 0 }));
  let longSum = 0;
  let longCount = 0;
  let all = 0;
  for (let p = 0; p < P; p++) {
    const distance = planted.query[p] + offset - planted.key[p];
    const bucket = buckets[bucketOf(distance)];
    bucket.sum += hit[p];
    bucket.pairs++;
    all += hit[p] / P;
    if (distance >= Nk / 2) {
      longSum += hit[p];
      longCount++;
    }
  }
  return {
    long: longCount ? longSum / longCount : null,
    all,
    buckets: buckets.map((x) => ({
      label: x.label,
      recall: x.pairs ? x.sum / x.pairs : null,
      pairs: x.pairs,
    })),
  };
}
