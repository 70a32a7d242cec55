import {
  type AttentionOptions,
  headOffsets,
  scoreBiasFn,
  type Tensor,
  type Tensor64,
  validateCall,
} from '@attnkit/core';
import type { Blocks } from './cost.ts';

/**
 * The chunked algorithm in its plainest form (b h n d), float64, no kernels: query blocks ×
 * key blocks, skipping key blocks no query of the block can see, with the running max m, sum l
 * and accumulator of the online softmax; options.scoreBias is added to each score. Tests chain reference → this → the fast path.
 * Returns the output [B, H, Nq, Dv] and the log-sum-exp of each row [B, H, Nq] (−∞ if masked).
 */
export function naiveChunked(
  q: Tensor,
  k: Tensor,
  v: Tensor,
  options: AttentionOptions = {},
  blocks: Blocks = { queryBlock: 64, keyBlock: 64 },
): { output: Tensor64; logSumExp: Float64Array } {
  const call = validateCall(q, k, v, options);
  const {
    batch: B,
    heads: H,
    queryLength: Nq,
    keyLength: Nk,
    headDim: D,
    valueDim: Dv,
  } = call.shape;
  const { queryBlock, keyBlock } = blocks;
  const bias = call.scoreBias ? scoreBiasFn(call.scoreBias, Nq, Nk) : null;
  const out = new Float64Array(B * H * Nq * Dv);
  const lse = new Float64Array(B * H * Nq);
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      const { q: qBase, k: kBase, v: vBase } = headOffsets(call.shape, b, h);
      for (let i0 = 0; i0 < Nq; i0 += queryBlock) {
        const rows = Math.min(queryBlock, Nq - i0);
        const end = call.causal
          ? Math.min(call.keyLengths[b], Math.max(0, i0 + rows + call.causalOffset))
          : call.keyLengths[b];
        const m = new Float64Array(rows).fill(Number.NEGATIVE_INFINITY);
        const l = new Float64Array(rows);
        const acc = new Float64Array(rows * Dv);
        for (let j0 = 0; j0 < end; j0 += keyBlock) {
          const cols = Math.min(keyBlock, end - j0);
          for (let r = 0; r < rows; r++) {
            const i = i0 + r;
            const s = new Float64Array(cols).fill(Number.NEGATIVE_INFINITY);
            let tileMax = Number.NEGATIVE_INFINITY;
            for (let c = 0; c < cols; c++) {
              const j = j0 + c;
              if (call.causal && j > i + call.causalOffset) continue;
              let dot = 0;
              for (let t = 0; t < D; t++)
                dot += q.data[qBase + i * D + t] * k.data[kBase + j * D + t];
              s[c] = dot * call.scale + (bias ? bias(b, h, i, j) : 0);
              tileMax = Math.max(tileMax, s[c]);
            }
            const mNew = Math.max(m[r], tileMax);
            if (mNew === Number.NEGATIVE_INFINITY) continue;
            const alpha = Math.exp(m[r] - mNew);
            l[r] *= alpha;
            for (let t = 0; t < Dv; t++) acc[r * Dv + t] *= alpha;
            for (let c = 0; c < cols; c++) {
              const p = Math.exp(s[c] - mNew);
              l[r] += p;
              for (let t = 0; t < Dv; t++) acc[r * Dv + t] += p * v.data[vBase + (j0 + c) * Dv + t];
            }
            m[r] = mNew;
          }
        }
        for (let r = 0; r < rows; r++) {
          const row = (b * H + h) * Nq + i0 + r;
          lse[row] = l[r] === 0 ? Number.NEGATIVE_INFINITY : m[r] + Math.log(l[r]);
          if (l[r] === 0) continue;
          for (let t = 0; t < Dv; t++) out[row * Dv + t] = acc[r * Dv + t] / l[r];
        }
      }
    }
  }
  return { output: { data: out, shape: [B, H, Nq, Dv] }, logSumExp: lse };
}
