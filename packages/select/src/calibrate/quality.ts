/**
 * What calibration asks of a quality measure (the default is metrics-quality.ts), and two
 * independent float64 checks the acceptance check uses: one exact softmax row, and recall of
 * pairs planted at one distance. One head, D = 64.
 */
import { type AttentionVariant, createRng, type Rng, randn, type Tensor } from '@attnkit/core';

/** One quality measurement calibration asks for: a variant on a workload at one length. */
export interface QualityRequest {
  variant: AttentionVariant;
  spec: string;
  n: number;
  causal: boolean;
  workload: string;
  seed: number;
  /** Also measure recall of planted pairs by distance (workloads with planted pairs). */
  recall: boolean;
}

/** What a quality measure returns: the profile's fidelity point is made of it. */
export interface QualityResult {
  /** Mean per-row relative error against exact attention. */
  relError: number;
  /** Rows it was measured on. */
  rows: number;
  /** Recall of planted pairs per distance, when asked and the workload plants pairs. */
  recallByDistance?: { distance: number; recall: number; pairs: number }[];
}

/** A quality measure calibration can use instead of the default (`metricsMeasureQuality`). */
export type MeasureQuality = (request: QualityRequest) => QualityResult;

const D = 64;

/** Exact softmax output of query row i (one head), float64. */
export function exactRow(
  q: Tensor,
  k: Tensor,
  v: Tensor,
  i: number,
  causal: boolean,
): Float64Array {
  const n = k.shape[2];
  const end = causal ? i + 1 : n;
  const scale = 1 / Math.sqrt(D);
  const s = new Float64Array(end);
  let max = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < end; j++) {
    let dot = 0;
    for (let c = 0; c < D; c++) dot += q.data[i * D + c] * k.data[j * D + c];
    s[j] = dot * scale;
    if (s[j] > max) max = s[j];
  }
  const out = new Float64Array(D);
  let sum = 0;
  for (let j = 0; j < end; j++) {
    const p = Math.exp(s[j] - max);
    sum += p;
    for (let c = 0; c < D; c++) out[c] += p * v.data[j * D + c];
  }
  for (let c = 0; c < D; c++) out[c] /= sum;
  return out;
}

/**
 * Plants pairs (i, i − d): q_i = k_{i−d} = c·u with a fresh unit u per pair, so the pair's score
 * (c²/√D ≈ ln N + 8) dominates its row, and v_{i−d} = 10·u'. A pair is recalled when the output
 * row holds at least half of that value (o_i · u' ≥ 5), i.e. the variant gave it ≥ half the mass.
 */
export function plantedRecall(
  variant: AttentionVariant,
  n: number,
  d: number,
  causal: boolean,
  seed: number,
  pairs = 16,
): { recall: number; pairs: number } {
  const q = randn([1, 1, n, D], seed);
  const k = randn([1, 1, n, D], seed + 1);
  const v = randn([1, 1, n, D], seed + 2);
  const rng = createRng(seed + 3);
  const c = Math.sqrt(Math.sqrt(D) * (Math.log(n) + 8));
  const used = new Set<number>();
  const planted: { i: number; marker: Float64Array }[] = [];
  for (let t = 0; t < pairs * 4 && planted.length < pairs; t++) {
    const i = d + rng.int(n - d);
    const j = i - d;
    if (i >= n || used.has(i) || used.has(j)) continue;
    used.add(i);
    used.add(j);
    const u = unit(rng);
    const marker = unit(rng);
    for (let x = 0; x < D; x++) {
      q.data[i * D + x] = c * u[x];
      k.data[j * D + x] = c * u[x];
      v.data[j * D + x] = 10 * marker[x];
    }
    planted.push({ i, marker });
  }
  if (!planted.length) return { recall: 1, pairs: 0 };
  const out = variant.forward(q, k, v, { causal });
  let hit = 0;
  for (const { i, marker } of planted) {
    let dot = 0;
    for (let x = 0; x < D; x++) dot += out.data[i * D + x] * marker[x];
    if (dot >= 5) hit++;
  }
  return { recall: hit / planted.length, pairs: planted.length };
}

function unit(rng: Rng): Float64Array {
  const u = new Float64Array(D);
  let norm = 0;
  for (let x = 0; x < D; x++) {
    const g = rng.normal();
    u[x] = g;
    norm += g * g;
  }
  for (let x = 0; x < D; x++) u[x] /= Math.sqrt(norm);
  return u;
}
