import { headOffsets } from './head-offsets.ts';
import type { MaskFn, ReferenceOptions } from './reference.ts';
import { type ReferenceGradients, referenceBackwardSetup } from './reference-backward.ts';
import type { Tensor, Tensor64 } from './tensor.ts';
import { visibleKeyEnd } from './validate.ts';

/** Query rows per block and keys per tile of `tiledReferenceBackward`. */
export interface TiledBackwardBlocks {
  queryBlock: number;
  keyBlock: number;
}

/**
 * FlashAttention-2's backward in its plainest form (b h n d), float64: the naive twin the exact
 * variants chain their fast paths to. Pass 1 keeps only the per-row log-sum-exp L_i (online
 * softmax over key blocks) and D_i = dO_i·out_i. Pass 2 walks key blocks outside (dK_j, dV_j
 * accumulate for one block), query blocks inside, recomputes S from q and k, P = exp(S − L),
 * dP = dO Vᵀ, dS = P ∘ (dP − D), and skips tiles wholly above the causal diagonal or past the
 * padding. `options.mask` is the variant's own mask (window band, sparse layout).
 */
export function tiledReferenceBackward(
  q: Tensor | Tensor64,
  k: Tensor | Tensor64,
  v: Tensor | Tensor64,
  dOut: Tensor | Tensor64,
  options: ReferenceOptions & { mask?: MaskFn },
  blocks: TiledBackwardBlocks,
): ReferenceGradients & { logSumExp: Float64Array } {
  const { call, mask, bias, dq, dk, dv } = referenceBackwardSetup(q, k, v, options);
  const {
    batch: B,
    heads: H,
    queryLength: Nq,
    keyLength: Nk,
    headDim: D,
    valueDim: Dv,
  } = call.shape;
  const { queryBlock: QB, keyBlock: KB } = blocks;
  const lse = new Float64Array(B * H * Nq).fill(Number.NEGATIVE_INFINITY);
  const delta = new Float64Array(B * H * Nq);
  for (let b = 0; b < B; b++)
    for (let h = 0; h < H; h++) {
      const { q: qBase, k: kBase, v: vBase } = headOffsets(call.shape, b, h);
      const score = (i: number, j: number) => {
        if (j >= visibleKeyEnd(call, b, i) || (mask && !mask(b, h, i, j)))
          return Number.NEGATIVE_INFINITY;
        let dot = 0;
        for (let t = 0; t < D; t++) dot += q.data[qBase + i * D + t] * k.data[kBase + j * D + t];
        return dot * call.scale + (bias ? bias(b, h, i, j) : 0);
      };
      // Pass 1: L_i by an online softmax over key blocks, and out_i to form D_i.
      for (let i = 0; i < Nq; i++) {
        const row = (b * H + h) * Nq + i;
        let m = Number.NEGATIVE_INFINITY;
        let l = 0;
        const acc = new Float64Array(Dv);
        for (let j0 = 0; j0 < visibleKeyEnd(call, b, i); j0 += KB) {
          for (let j = j0; j < Math.min(j0 + KB, Nk); j++) {
            const s = score(i, j);
            if (s === Number.NEGATIVE_INFINITY) continue;
            const mNew = Math.max(m, s);
            const alpha = Math.exp(m - mNew);
            const pj = Math.exp(s - mNew);
            l = l * alpha + pj;
            for (let t = 0; t < Dv; t++) acc[t] = acc[t] * alpha + pj * v.data[vBase + j * Dv + t];
            m = mNew;
          }
        }
        if (l === 0) continue;
        lse[row] = m + Math.log(l);
        for (let t = 0; t < Dv; t++) delta[row] += dOut.data[row * Dv + t] * (acc[t] / l);
      }
      // Pass 2: key blocks outside, query blocks inside.
      for (let j0 = 0; j0 < Nk; j0 += KB) {
        const cols = Math.min(KB, Nk - j0);
        for (let i0 = 0; i0 < Nq; i0 += QB) {
          const rows = Math.min(QB, Nq - i0);
          if (j0 >= visibleKeyEnd(call, b, i0 + rows - 1)) continue; // above the diagonal / padding
          for (let i = i0; i < i0 + rows; i++) {
            const row = (b * H + h) * Nq + i;
            if (lse[row] === Number.NEGATIVE_INFINITY) continue;
            for (let j = j0; j < j0 + cols; j++) {
              const s = score(i, j);
              if (s === Number.NEGATIVE_INFINITY) continue;
              const p = Math.exp(s - lse[row]);
              let dp = 0;
              for (let t = 0; t < Dv; t++) {
                const g = dOut.data[row * Dv + t];
                dp += g * v.data[vBase + j * Dv + t];
                dv[vBase + j * Dv + t] += p * g;
              }
              const ds = p * (dp - delta[row]) * call.scale;
              for (let t = 0; t < D; t++) {
                dq[qBase + i * D + t] += ds * k.data[kBase + j * D + t];
                dk[kBase + j * D + t] += ds * q.data[qBase + i * D + t];
              }
            }
          }
        }
      }
    }
  return {
    dq: { data: dq, shape: q.shape },
    dk: { data: dk, shape: k.shape },
    dv: { data: dv, shape: v.shape },
    logSumExp: lse,
  };
}
