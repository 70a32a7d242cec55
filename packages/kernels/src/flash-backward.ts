import type { ResolvedCall } from '@attnkit/core';
import { stageArrays } from './stage-arrays.ts';
import { forEachQueryBlock, type TilePlan } from './tile-plan.ts';
import type { Kernels } from './types.ts';

/** Scratch floats of `flashBackward`: the S/P and dP/dS tiles, and one block's L and D. */
export const flashBackwardScratch = (plan: TilePlan) =>
  2 * plan.queryBlock * plan.keyBlock + 2 * plan.queryBlock;

/** What `flashBackward` reads: the call's q, k, v, the saved output and log-sum-exp, and dOut. */
export interface FlashBackwardInputs {
  q: Float32Array;
  k: Float32Array;
  v: Float32Array;
  output: Float32Array;
  logSumExp: Float32Array;
  dOut: Float32Array;
}

/**
 * FlashAttention-2's backward (Dao 2023, Alg. 2) on the plan's tiles (b h n d). Per query
 * block, D = rowsum(dO ∘ out); per key tile the scores are recomputed from q and k (never
 * stored), P = e^(S − L) with the saved log-sum-exp L, dP = dO·Vᵀ, dS = scale·P ∘ (dP − D),
 * then dV += Pᵀ·dO, dQ += dS·K, dK += dSᵀ·Q. dK and dV of a kv head collect every query head of
 * its group (GQA). Tiles the plan skips (above the causal diagonal, outside the band or the
 * layout, past the padding) cost nothing; memory is O(N·D) plus two tiles.
 */
export function flashBackward(
  kernels: Kernels,
  call: ResolvedCall,
  plan: TilePlan,
  x: FlashBackwardInputs,
): { dq: Float32Array; dk: Float32Array; dv: Float32Array } {
  const { headDim: D, valueDim: Dv } = call.shape;
  const QB = plan.queryBlock;
  const KB = plan.keyBlock;
  const st = stageArrays(
    kernels,
    [x.q, x.k, x.v, x.output, x.dOut],
    [x.q.length, x.k.length, x.v.length],
    flashBackwardScratch(plan),
  );
  const [Q, K, V, O, G] = st.inputs;
  const [dQ, dK, dV] = st.outputs;
  const sc = st.scratch.a;
  const S = st.scratch.off;
  const dP = S + QB * KB;
  const L = dP + QB * KB;
  const Dl = L + QB;
  const tiles = new Int32Array(2 * plan.maxTiles);
  forEachQueryBlock(call.shape, QB, (b, h, at, i0, rows) => {
    const n = plan.tiles(b, h, i0, rows, tiles);
    if (n === 0) return;
    const qOff = Q.off + at.q + i0 * D;
    const gOff = G.off + at.o + i0 * Dv;
    const oOff = O.off + at.o + i0 * Dv;
    for (let r = 0; r < rows; r++) {
      sc[L + r] = x.logSumExp[at.row + i0 + r];
      let d = 0;
      for (let t = 0; t < Dv; t++) d += G.a[gOff + r * Dv + t] * O.a[oOff + r * Dv + t];
      sc[Dl + r] = d;
    }
    for (let t = 0; t < n; t++) {
      const j0 = tiles[2 * t];
      const cols = tiles[2 * t + 1];
      const kOff = K.off + at.k + j0 * D;
      const vOff = V.off + at.v + j0 * Dv;
      plan.score(kernels, b, h, Q.a, qOff, K.a, kOff, sc, S, i0, j0, rows, cols, KB);
      kernels.scoreTile(G.a, gOff, V.a, vOff, sc, dP, rows, cols, Dv, KB, 1);
      kernels.softmaxGradTile(sc, S, sc, dP, rows, cols, KB, sc, L, sc, Dl, call.scale);
      kernels.gemmTransA(
        sc,
        S,
        KB,
        G.a,
        gOff,
        Dv,
        dV.a,
        dV.off + at.v + j0 * Dv,
        Dv,
        cols,
        rows,
        Dv,
      );
      kernels.gemm(sc, dP, KB, K.a, kOff, D, dQ.a, dQ.off + at.q + i0 * D, D, rows, cols, D);
      kernels.gemmTransA(sc, dP, KB, Q.a, qOff, D, dK.a, dK.off + at.k + j0 * D, D, cols, rows, D);
    }
  });
  const [dq, dk, dv] = st.results();
  return { dq, dk, dv };
}
