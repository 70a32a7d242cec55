import {
  type AttentionOptions,
  type AttentionShape,
  type MaskFn,
  scoreBiasFn,
  type Tensor,
  type Tensor64,
  validateCall,
} from '@attnkit/core';
import type { Band } from './config.ts';

/**
 * The README's rule, written once as plainly as possible: query i of an [Nq, Nk] call sits at
 * key position p = i + Nk − Nq and sees key j iff j − p = m·dilation for an integer m with
 * −left <= m <= right. (Causal and padding are applied by whoever uses the mask.)
 */
export function bandMask(
  shape: Pick<AttentionShape, 'queryLength' | 'keyLength'>,
  band: Band,
): MaskFn {
  const shift = shape.keyLength - shape.queryLength;
  return (_b, _h, i, j) => {
    const delta = j - (i + shift);
    if (delta % band.dilation !== 0) return false;
    const m = delta / band.dilation;
    return m >= -band.left && m <= band.right;
  };
}

/**
 * Sliding-window attention (b h n d) by a per-query loop over its band, in float64: the plain
 * form the blocked path is tested against. Visits only the band's keys, never all Nk.
 * options.scoreBias is added to each score in token coordinates, as the reference does.
 */
export function naiveLocalWindow(
  q: Tensor,
  k: Tensor,
  v: Tensor,
  band: Band,
  options: AttentionOptions = {},
): Tensor64 {
  const call = validateCall(q, k, v, options);
  const {
    batch: B,
    heads: H,
    kvHeads: Hkv,
    queryLength: Nq,
    keyLength: Nk,
    headDim: D,
    valueDim: Dv,
  } = call.shape;
  const d = band.dilation;
  const bias = call.scoreBias ? scoreBiasFn(call.scoreBias, Nq, Nk) : null;
  const out = new Float64Array(B * H * Nq * Dv);
  const scores: number[] = [];
  const keys: number[] = [];
  for (let b = 0; b < B; b++)
    for (let h = 0; h < H; h++) {
      const hk = Math.floor(h / (H / Hkv));
      for (let i = 0; i < Nq; i++) {
        const p = i + Nk - Nq;
        scores.length = 0;
        keys.length = 0;
        // Only the m that land inside [0, Nk): a window wider than N costs O(N), not O(window).
        const mFirst = Math.max(-band.left, Math.ceil(-p / d));
        const mLast = Math.min(band.right, Math.floor((Nk - 1 - p) / d));
        for (let m = mFirst; m <= mLast; m++) {
          const j = p + m * d;
          if (j >= call.keyLengths[b] || (call.causal && j > p)) continue;
          let dot = 0;
          for (let t = 0; t < D; t++)
            dot +=
              q.data[((b * H + h) * Nq + i) * D + t] * k.data[((b * Hkv + hk) * Nk + j) * D + t];
          scores.push(dot * call.scale + (bias ? bias(b, h, i, j) : 0));
          keys.push(j);
        }
        if (keys.length === 0) continue; // no visible key: zeros
        const max = Math.max(...scores);
        let sum = 0;
        for (let c = 0; c < scores.length; c++) {
          scores[c] = Math.exp(scores[c] - max);
          sum += scores[c];
        }
        const o = ((b * H + h) * Nq + i) * Dv;
        for (let c = 0; c < keys.length; c++)
          for (let t = 0; t < Dv; t++)
            out[o + t] += (scores[c] / sum) * v.data[((b * Hkv + hk) * Nk + keys[c]) * Dv + t];
      }
    }
  return { data: out, shape: [B, H, Nq, Dv] };
}
