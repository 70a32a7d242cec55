import type { ResolvedCall } from '@attnkit/core';
import { stageArrays } from './stage-arrays.ts';
import { forEachQueryBlock, type TilePlan } from './tile-plan.ts';
import type { Kernels } from './types.ts';

/** Scratch floats of `flashForward`: one score tile, running max and sum, one accumulator. */
export const flashForwardScratch = (plan: TilePlan, Dv: number) =>
  plan.queryBlock * (plan.keyBlock + 2 + Dv);

/**
 * The forward that keeps what the backward needs (b h n d): for each head and query block, the
 * plan's key tiles go through an online softmax (running max m, sum l, accumulator), and each
 * row's log-sum-exp L = m + log l is kept (−∞ for a row that sees no key). O(N·D) memory.
 */
export function flashForward(
  kernels: Kernels,
  call: ResolvedCall,
  plan: TilePlan,
  q: Float32Array,
  k: Float32Array,
  v: Float32Array,
): { output: Float32Array; logSumExp: Float32Array } {
  const { batch: B, heads: H, queryLength: Nq, headDim: D, valueDim: Dv } = call.shape;
  const QB = plan.queryBlock;
  const KB = plan.keyBlock;
  const st = stageArrays(kernels, [q, k, v], [B * H * Nq * Dv], flashForwardScratch(plan, Dv));
  const [Q, K, V] = st.inputs;
  const [O] = st.outputs;
  const sc = st.scratch.a;
  const S = st.scratch.off;
  const M = S + QB * KB;
  const L = M + QB;
  const acc = L + QB;
  const lse = new Float32Array(B * H * Nq);
  const tiles = new Int32Array(2 * plan.maxTiles);
  forEachQueryBlock(call.shape, QB, (b, h, at, i0, rows) => {
    sc.fill(Number.NEGATIVE_INFINITY, M, M + rows);
    sc.fill(0, L, L + rows);
    sc.fill(0, acc, acc + rows * Dv);
    const n = plan.tiles(b, h, i0, rows, tiles);
    for (let t = 0; t < n; t++) {
      const j0 = tiles[2 * t];
      const cols = tiles[2 * t + 1];
      const qOff = Q.off + at.q + i0 * D;
      plan.score(
        kernels,
        b,
        h,
        Q.a,
        qOff,
        K.a,
        K.off + at.k + j0 * D,
        sc,
        S,
        i0,
        j0,
        rows,
        cols,
        KB,
      );
      kernels.onlineSoftmax(sc, S, rows, cols, KB, sc, M, sc, L, sc, acc, Dv);
      kernels.pvTile(sc, S, rows, cols, KB, V.a, V.off + at.v + j0 * Dv, Dv, sc, acc);
    }
    kernels.finalizeRows(sc, acc, sc, L, rows, Dv, O.a, O.off + at.o + i0 * Dv);
    for (let r = 0; r < rows; r++) {
      const l = sc[L + r];
      lse[at.row + i0 + r] = l === 0 ? Number.NEGATIVE_INFINITY : sc[M + r] + Math.log(l);
    }
  });
  return { output: st.results()[0], logSumExp: lse };
}
