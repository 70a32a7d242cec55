/**
 * The plainest linear-attention backward, float64 and quadratic (tests only): per query row,
 * the kernel row A_ij = φ(q_i)·φ(k_j) over the keys it sees, the upstream G_i = dO_i / den_i and
 * gz_i = −(dO_i·out_i) / den_i, then dφ(q_i) = Σ_j (G_i·v_j + gz_i) φ(k_j), dφ(k_j) += (…) φ(q_i),
 * dv_j += A_ij G_i, and the feature maps' Jacobians by hand. The oracle of the chunked
 * backward, as `naiveLinear` is of the forward. Letters: b h n d, m features.
 */
import {
  type AttentionOptions,
  type ReferenceGradients,
  type Tensor,
  type Tensor64,
  visibleKeyEnd,
} from '@attnkit/core';
import type { Directions, FeatureSettings } from './feature-map.ts';
import { headKeyFeatures, kernelRow, naiveSetup } from './naive.ts';

/** dx += ∂φ/∂x ᵀ dφ for one row (see feature-backward.ts for the formulas). */
function phiBackward(
  s: FeatureSettings,
  dirs: Directions | null,
  x: ArrayLike<number>,
  off: number,
  d: number,
  scale: number,
  f: Float64Array,
  df: Float64Array,
  role: 'query' | 'key',
  dx: Float64Array,
  dxOff: number,
): void {
  const g = Math.sqrt(scale);
  if (s.featureMap !== 'favor') {
    for (let t = 0; t < d; t++) {
      const slope = x[off + t] > 0 ? 1 : s.featureMap === 'elu' ? f[t] : 0;
      dx[dxOff + t] += g * slope * df[t];
    }
    return;
  }
  const floor = role === 'key' ? s.stabilizer : 0;
  for (let r = 0; r < f.length; r++) {
    const w = df[r] * (f[r] - floor);
    for (let t = 0; t < d; t++)
      dx[dxOff + t] += w * (g * dirs!.omega[r * d + t] - scale * x[off + t]);
  }
}

export function naiveLinearBackward(
  q: Tensor | Tensor64,
  k: Tensor | Tensor64,
  v: Tensor | Tensor64,
  dOut: Tensor | Tensor64,
  options: AttentionOptions,
  s: FeatureSettings,
): ReferenceGradients {
  const { call, dirs, eps } = naiveSetup(q, k, v, options, s);
  const { batch: B, heads: H, queryLength: Nq, keyLength: Nk } = call.shape;
  const { headDim: D, valueDim: Dv } = call.shape;
  const dq = new Float64Array(q.data.length);
  const dk = new Float64Array(k.data.length);
  const dv = new Float64Array(v.data.length);
  for (let b = 0; b < B; b++)
    for (let h = 0; h < H; h++) {
      const { kv, fk } = headKeyFeatures(s, dirs, call, k, b, h);
      const dfk = fk.map((f) => new Float64Array(f.length));
      for (let i = 0; i < Nq; i++) {
        const row = (b * H + h) * Nq + i;
        const { fq, sims, den } = kernelRow(s, dirs, call, q, row, fk, visibleKeyEnd(call, b, i));
        const end = sims.length;
        if (den === 0) continue;
        const dc = Math.max(den, eps);
        let dot = 0;
        for (let t = 0; t < Dv; t++) {
          let out = 0;
          for (let j = 0; j < end; j++) out += sims[j] * v.data[(kv * Nk + j) * Dv + t];
          dot += dOut.data[row * Dv + t] * (out / dc);
        }
        const gz = den < eps ? 0 : -dot / dc;
        const dfq = new Float64Array(fq.length);
        for (let j = 0; j < end; j++) {
          let coef = gz;
          for (let t = 0; t < Dv; t++) {
            const g = dOut.data[row * Dv + t] / dc;
            coef += g * v.data[(kv * Nk + j) * Dv + t];
            dv[(kv * Nk + j) * Dv + t] += sims[j] * g;
          }
          for (let r = 0; r < fq.length; r++) {
            dfq[r] += coef * fk[j][r];
            dfk[j][r] += coef * fq[r];
          }
        }
        phiBackward(s, dirs, q.data, row * D, D, call.scale, fq, dfq, 'query', dq, row * D);
      }
      for (let j = 0; j < Nk; j++)
        phiBackward(
          s,
          dirs,
          k.data,
          (kv * Nk + j) * D,
          D,
          call.scale,
          fk[j],
          dfk[j],
          'key',
          dk,
          (kv * Nk + j) * D,
        );
    }
  return {
    dq: { data: dq, shape: q.shape },
    dk: { data: dk, shape: k.shape },
    dv: { data: dv, shape: v.shape },
  };
}
