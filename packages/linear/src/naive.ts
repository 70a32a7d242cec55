/**
 * The plainest linear attention, in float64: for every query i of head h in batch b, the
 * kernel row s_ij = φ(q_i)·φ(k_j) over the keys it may see (causal bottom-right, padding),
 * normalised, out_i = Σ_j s_ij v_j / max(Σ_j s_ij, ε) (zeros where the sum is 0). Quadratic, obviously right, and the
 * oracle for the fast bidirectional and chunked causal paths. Letters: b h n d, m features.
 */
import {
  type AttentionOptions,
  asFloat32,
  headOffsets,
  type ResolvedCall,
  type Tensor,
  type Tensor64,
  validateCall,
  visibleKeyEnd,
} from '@attnkit/core';
import {
  type Directions,
  directionsFor,
  type FeatureSettings,
  featureCount,
  normaliserEpsilon,
} from './feature-map.ts';

/** φ(x') for one row x of head dim d, x' = √scale·x, in float64. */
export function phi(
  s: FeatureSettings,
  dirs: Directions | null,
  x: ArrayLike<number>,
  off: number,
  d: number,
  scale: number,
  role: 'query' | 'key',
): Float64Array {
  const m = featureCount(s, d);
  const out = new Float64Array(m);
  const gain = Math.sqrt(scale);
  if (s.featureMap !== 'favor') {
    for (let t = 0; t < d; t++) {
      const y = gain * x[off + t];
      out[t] = s.featureMap === 'elu' ? (y > 0 ? y + 1 : Math.exp(y)) : Math.max(0, y);
    }
    return out;
  }
  const omega = dirs!.omega;
  let sq = 0;
  for (let t = 0; t < d; t++) sq += (gain * x[off + t]) ** 2;
  for (let r = 0; r < m; r++) {
    let dot = 0;
    for (let t = 0; t < d; t++) dot += omega[r * d + t] * gain * x[off + t];
    out[r] = dot - sq / 2;
  }
  // Queries: a per-row factor cancels in the row's normalisation. Keys: one constant for all.
  const shift = role === 'query' ? Math.max(...out) : dirs!.keyOffset;
  const floor = role === 'key' ? s.stabilizer : 0;
  for (let r = 0; r < m; r++) out[r] = Math.exp(out[r] - shift) + floor;
  return out;
}

/** One naive call: the validated call, FAVOR+'s directions (else null) and the normaliser floor. */
export function naiveSetup(
  q: Tensor | Tensor64,
  k: Tensor | Tensor64,
  v: Tensor | Tensor64,
  options: AttentionOptions,
  s: FeatureSettings,
): { call: ResolvedCall; dirs: Directions | null; eps: number } {
  const call = validateCall(asFloat32(q), asFloat32(k), asFloat32(v), options);
  const dirs = s.featureMap === 'favor' ? directionsFor(s, call.shape.headDim) : null;
  return { call, dirs, eps: normaliserEpsilon(s) };
}

/** φ(k_j) of every key of the kv head query head h of batch b reads; kv is that head's index. */
export function headKeyFeatures(
  s: FeatureSettings,
  dirs: Directions | null,
  call: ResolvedCall,
  k: Tensor | Tensor64,
  b: number,
  h: number,
): { kv: number; fk: Float64Array[] } {
  const { kvHeads: Hkv, keyLength: Nk, headDim: D } = call.shape;
  const kv = b * Hkv + headOffsets(call.shape, b, h).kvHead;
  const fk = Array.from({ length: Nk }, (_, j) =>
    phi(s, dirs, k.data, (kv * Nk + j) * D, D, call.scale, 'key'),
  );
  return { kv, fk };
}

/** φ(q) of query row `row` ([B·H·Nq] index), its kernel row φ(q)·φ(k_j) for j < end, and its sum. */
export function kernelRow(
  s: FeatureSettings,
  dirs: Directions | null,
  call: ResolvedCall,
  q: Tensor | Tensor64,
  row: number,
  fk: Float64Array[],
  end: number,
): { fq: Float64Array; sims: Float64Array; den: number } {
  const D = call.shape.headDim;
  const fq = phi(s, dirs, q.data, row * D, D, call.scale, 'query');
  const sims = new Float64Array(end);
  let den = 0;
  for (let j = 0; j < end; j++) {
    for (let r = 0; r < fq.length; r++) sims[j] += fq[r] * fk[j][r];
    den += sims[j];
  }
  return { fq, sims, den };
}

/**
 * Linear attention in float64 plain loops, row by row through the weights φ(q_i)·φ(k_j) / Σ_j
 * (returned when asked): the oracle the fast path is tested against. O(Nq·Nk·m) time, so for
 * tests and tools, not for use.
 */
export function naiveLinear(
  q: Tensor | Tensor64,
  k: Tensor | Tensor64,
  v: Tensor | Tensor64,
  options: AttentionOptions,
  s: FeatureSettings,
  withWeights = false,
): { output: Tensor64; weights: Tensor64 | null } {
  const { call, dirs, eps } = naiveSetup(q, k, v, options, s);
  const { batch: B, heads: H, queryLength: Nq, keyLength: Nk, valueDim: Dv } = call.shape;
  const out = new Float64Array(B * H * Nq * Dv);
  const weights = withWeights ? new Float64Array(B * H * Nq * Nk) : null;
  for (let b = 0; b < B; b++)
    for (let h = 0; h < H; h++) {
      const { kv, fk } = headKeyFeatures(s, dirs, call, k, b, h);
      for (let i = 0; i < Nq; i++) {
        const row = (b * H + h) * Nq + i;
        const { sims, den: sum } = kernelRow(s, dirs, call, q, row, fk, visibleKeyEnd(call, b, i));
        let den = sum;
        const end = sims.length;
        if (den === 0) continue;
        if (den < eps) den = eps;
        for (let j = 0; j < end; j++) {
          const w = sims[j] / den;
          if (weights) weights[row * Nk + j] = w;
          for (let t = 0; t < Dv; t++) out[row * Dv + t] += w * v.data[(kv * Nk + j) * Dv + t];
        }
      }
    }
  return {
    output: { data: out, shape: [B, H, Nq, Dv] },
    weights: weights && { data: weights, shape: [B, H, Nq, Nk] },
  };
}
