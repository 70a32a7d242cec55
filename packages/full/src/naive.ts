import {
  type AttentionOptions,
  scoreBiasFn,
  type Tensor,
  type Tensor64,
  validateCall,
  visibleKeyEnd,
} from '@attnkit/core';

/**
 * Full attention in its plainest form (b h n d), float64, no kernels, no blocks: every query
 * row scored against the keys it may see (causal, padding), plus options.scoreBias, then a
 * two-pass softmax and the weighted sum of V. Tests chain reference → this → the fast path.
 */
export function naiveFull(
  q: Tensor,
  k: Tensor,
  v: Tensor,
  options: AttentionOptions = {},
): Tensor64 {
  const call = validateCall(q, k, v, options);
  const { batch: B, heads: H, kvHeads: Hkv, queryLength: Nq, keyLength: Nk } = call.shape;
  const { headDim: D, valueDim: Dv } = call.shape;
  const bias = call.scoreBias ? scoreBiasFn(call.scoreBias, Nq, Nk) : null;
  const out = new Float64Array(B * H * Nq * Dv);
  for (let b = 0; b < B; b++)
    for (let h = 0; h < H; h++) {
      const hk = Math.floor(h / (H / Hkv));
      for (let i = 0; i < Nq; i++) {
        const end = visibleKeyEnd(call, b, i);
        const scores = new Float64Array(end);
        let max = Number.NEGATIVE_INFINITY;
        for (let j = 0; j < end; j++) {
          let dot = 0;
          for (let t = 0; t < D; t++)
            dot +=
              q.data[((b * H + h) * Nq + i) * D + t] * k.data[((b * Hkv + hk) * Nk + j) * D + t];
          scores[j] = dot * call.scale + (bias ? bias(b, h, i, j) : 0);
          max = Math.max(max, scores[j]);
        }
        if (max === Number.NEGATIVE_INFINITY) continue; // no visible key: zeros
        let sum = 0;
        for (let j = 0; j < end; j++) sum += Math.exp(scores[j] - max);
        const row = ((b * H + h) * Nq + i) * Dv;
        for (let j = 0; j < end; j++) {
          const p = Math.exp(scores[j] - max) / sum;
          for (let t = 0; t < Dv; t++)
            out[row + t] += p * v.data[((b * Hkv + hk) * Nk + j) * Dv + t];
        }
      }
    }
  return { data: out, shape: [B, H, Nq, Dv] };
}
