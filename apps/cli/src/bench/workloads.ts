/**
 * Seeded inputs for one configuration, [b, h, n, d] row-major:
 *  - random:    unit-normal q, k, v.
 *  - local:     q and k follow one AR(1) walk along n (correlation length 32 tokens), so
 *               q_i·k_j, and the attention mass, decays with |i − j|.
 *  - retrieval: unit-normal background plus planted pairs: query i and key j = i − distance
 *               share a direction u (scores ≈ 4·sqrt(D) above the background), and v_j carries a
 *               distinct (unit-normal) planted value. Distances cover every power-of-two bucket up to N, with
 *               16 pairs at distance ≥ N/2. j < i, so every pair is visible under causal too.
 */
import { createRng, type Rng, type Tensor } from '@attnkit/core';
import type { Workload } from './options.ts';

export interface Dims {
  batch: number;
  heads: number;
  kvHeads: number;
  n: number;
  dim: number;
}

export interface PlantedPair {
  query: number;
  key: number;
  distance: number;
}

export interface Inputs {
  q: Tensor;
  k: Tensor;
  v: Tensor;
  /** retrieval only: the pairs, planted in every batch and kv head (and each of its query heads). */
  pairs: PlantedPair[];
  /** retrieval only: planted value of pair p for batch b, kv head g at ((b·Hkv + g)·P + p)·D. */
  planted: Float32Array | null;
}

const PLANT_GAIN = 2;
// Planted values stay unit normal: the exact gate's 2e-5 is defined on unit-normal values.
const VALUE_GAIN = 1;
const CORRELATION_LENGTH = 32;
export const LONG_PAIRS = 16;
export const PAIRS_PER_BUCKET = 4;

function normals(size: number, rng: Rng, gain = 1): Float32Array {
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = rng.normal() * gain;
  return out;
}

/** Pairs with distinct query and distinct key positions, bucketed by floor(log2 distance). */
export function plantPairs(n: number, rng: Rng): PlantedPair[] {
  const pairs: PlantedPair[] = [];
  if (n < 8) return pairs;
  const usedQ = new Set<number>();
  const usedK = new Set<number>();
  const add = (lo: number, hi: number, count: number) => {
    for (let c = 0, tries = 0; c < count && tries < 64 * count; tries++) {
      const distance = lo + rng.int(hi - lo);
      const query = distance + rng.int(n - distance);
      const key = query - distance;
      if (usedQ.has(query) || usedK.has(key)) continue;
      usedQ.add(query);
      usedK.add(key);
      pairs.push({ query, key, distance });
      c++;
    }
  };
  const half = Math.ceil(n / 2);
  for (let lo = 4; lo * 2 <= half; lo *= 2) add(lo, lo * 2, PAIRS_PER_BUCKET);
  add(half, n, LONG_PAIRS);
  return pairs;
}

function plant(q: Float32Array, k: Float32Array, v: Float32Array, dims: Dims, rng: Rng) {
  const { batch: B, heads: H, kvHeads: Hkv, n: N, dim: D } = dims;
  const group = H / Hkv;
  const pairs = plantPairs(N, rng);
  const planted = new Float32Array(B * Hkv * pairs.length * D);
  const u = new Float32Array(D);
  for (let b = 0; b < B; b++)
    for (let g = 0; g < Hkv; g++)
      pairs.forEach((pair, p) => {
        for (let t = 0; t < D; t++) u[t] = rng.normal() * PLANT_GAIN;
        const kv = ((b * Hkv + g) * N + pair.key) * D;
        k.set(u, kv);
        for (let t = 0; t < D; t++) {
          const value = rng.normal() * VALUE_GAIN;
          v[kv + t] = value;
          planted[((b * Hkv + g) * pairs.length + p) * D + t] = value;
        }
        for (let r = 0; r < group; r++) q.set(u, ((b * H + g * group + r) * N + pair.query) * D);
      });
  return { pairs, planted };
}

function localWalk(q: Float32Array, k: Float32Array, dims: Dims, rng: Rng) {
  const { batch: B, heads: H, kvHeads: Hkv, n: N, dim: D } = dims;
  const group = H / Hkv;
  const rho = Math.exp(-1 / CORRELATION_LENGTH);
  const fresh = Math.sqrt(1 - rho * rho);
  for (let b = 0; b < B; b++)
    for (let g = 0; g < Hkv; g++) {
      const base = (b * Hkv + g) * N * D;
      for (let t = 0; t < D; t++) k[base + t] = rng.normal();
      for (let i = 1; i < N; i++)
        for (let t = 0; t < D; t++)
          k[base + i * D + t] = rho * k[base + (i - 1) * D + t] + fresh * rng.normal();
      for (let r = 0; r < group; r++)
        q.set(k.subarray(base, base + N * D), (b * H + g * group + r) * N * D);
    }
}

export function makeInputs(workload: Workload, dims: Dims, seed: number): Inputs {
  const { batch: B, heads: H, kvHeads: Hkv, n: N, dim: D } = dims;
  const rng = createRng(seed * 7919 + N);
  const q = normals(B * H * N * D, rng);
  const k = normals(B * Hkv * N * D, rng);
  const v = normals(B * Hkv * N * D, rng);
  let pairs: PlantedPair[] = [];
  let planted: Float32Array | null = null;
  if (workload === 'local') localWalk(q, k, dims, rng);
  if (workload === 'retrieval') ({ pairs, planted } = plant(q, k, v, dims, rng));
  return {
    q: { data: q, shape: [B, H, N, D] },
    k: { data: k, shape: [B, Hkv, N, D] },
    v: { data: v, shape: [B, Hkv, N, D] },
    pairs,
    planted,
  };
}

export interface RecallResult {
  /** Fraction of pairs at distance ≥ N/2 whose output is nearest to their planted value. */
  recall: number;
  byDistance: { distance: number; recall: number; pairs: number }[];
}

/**
 * A planted query counts as recalled when its output is nearer (L2) to its own planted value
 * than to any other planted value of that head and than to zero (zero stands for "retrieved
 * nothing": an average of unrelated values is close to it).
 */
export function recallOf(out: Float32Array, inputs: Inputs, dims: Dims): RecallResult | null {
  const { pairs, planted } = inputs;
  if (!planted || pairs.length === 0) return null;
  const { batch: B, heads: H, kvHeads: Hkv, n: N, dim: D } = dims;
  const group = H / Hkv;
  const P = pairs.length;
  const hit = new Float64Array(P);
  for (let b = 0; b < B; b++)
    for (let h = 0; h < H; h++) {
      const values = (b * Hkv + Math.floor(h / group)) * P * D;
      pairs.forEach((pair, p) => {
        const o = ((b * H + h) * N + pair.query) * D;
        let best = 0;
        for (let t = 0; t < D; t++) best += out[o + t] * out[o + t];
        let bestIndex = -1;
        for (let c = 0; c < P; c++) {
          let dist = 0;
          for (let t = 0; t < D; t++) {
            const e = out[o + t] - planted[values + c * D + t];
            dist += e * e;
          }
          if (dist < best) {
            best = dist;
            bestIndex = c;
          }
        }
        if (bestIndex === p) hit[p] += 1 / (B * H);
      });
    }
  const buckets = new Map<number, { sum: number; count: number }>();
  let longSum = 0;
  let longCount = 0;
  pairs.forEach((pair, p) => {
    const bucket = 2 ** Math.floor(Math.log2(pair.distance));
    const entry = buckets.get(bucket) ?? { sum: 0, count: 0 };
    entry.sum += hit[p];
    entry.count++;
    buckets.set(bucket, entry);
    if (pair.distance >= N / 2) {
      longSum += hit[p];
      longCount++;
    }
  });
  return {
    recall: longCount ? longSum / longCount : Number.NaN,
    byDistance: [...buckets.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([distance, e]) => ({ distance, recall: e.sum / e.count, pairs: e.count })),
  };
}
