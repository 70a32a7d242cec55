import type { ResolvedCall } from '@attnkit/core';
import type { Kernels, Staged } from '@attnkit/kernels';
import type { Blocks } from './cost.ts';
import { scoreMaskedTile } from './score-tile.ts';

/** Scratch floats of `weightsChunked`: one tile, the running max, the sum, and a spare sum. */
export const weightsScratch = (call: ResolvedCall, blocks: Blocks) => {
  const rows = Math.min(blocks.queryBlock, call.shape.queryLength);
  return rows * Math.min(blocks.keyBlock, call.shape.keyLength) + 3 * rows;
};

/**
 * The dense map chunked attention applies (b h n d), written into st.out as [B, H, Nq, Nk]
 * (zeroed beforehand), recomputed tile by tile in two passes per query block: the first runs the
 * online softmax to the final row max m and sum l, the second rescores each tile, turns it into
 * exp(s − m) with the same kernel, and divides by l. The same tiles as forward are visited, so
 * skipped blocks stay exactly zero.
 */
export function weightsChunked(
  kernels: Kernels,
  call: ResolvedCall,
  st: Staged,
  blocks: Blocks,
): void {
  const {
    batch: B,
    heads: H,
    kvHeads: Hkv,
    queryLength: Nq,
    keyLength: Nk,
    headDim: D,
  } = call.shape;
  const { queryBlock, keyBlock } = blocks;
  const group = H / Hkv;
  const sc = st.scratch;
  const rowsMax = Math.min(queryBlock, Nq);
  const ldS = Math.min(keyBlock, Nk);
  const tile = st.scratchOff;
  const mOff = tile + rowsMax * ldS;
  const lOff = mOff + rowsMax;
  const spareOff = lOff + rowsMax;
  const offset = call.causalOffset;
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      const qHead = st.qOff + (b * H + h) * Nq * D;
      const kHead = st.kOff + (b * Hkv + Math.floor(h / group)) * Nk * D;
      for (let i0 = 0; i0 < Nq; i0 += queryBlock) {
        const rows = Math.min(queryBlock, Nq - i0);
        const end = call.causal
          ? Math.min(call.keyLengths[b], Math.max(0, i0 + rows + offset))
          : call.keyLengths[b];
        sc.fill(Number.NEGATIVE_INFINITY, mOff, mOff + rows);
        sc.fill(0, lOff, lOff + rows);
        for (let j0 = 0; j0 < end; j0 += keyBlock) {
          const cols = Math.min(keyBlock, end - j0);
          scoreMaskedTile(kernels, call, st, tile, ldS, b, h, qHead, kHead, i0, j0, rows, cols);
          // dv = 0: only the max and the sum are wanted here.
          kernels.onlineSoftmax(sc, tile, rows, cols, ldS, sc, mOff, sc, lOff, sc, tile, 0);
        }
        for (let j0 = 0; j0 < end; j0 += keyBlock) {
          const cols = Math.min(keyBlock, end - j0);
          scoreMaskedTile(kernels, call, st, tile, ldS, b, h, qHead, kHead, i0, j0, rows, cols);
          // m is already the row max, so this leaves exp(s − m) and only touches the spare sum.
          sc.fill(0, spareOff, spareOff + rows);
          kernels.onlineSoftmax(sc, tile, rows, cols, ldS, sc, mOff, sc, spareOff, sc, tile, 0);
          const out0 = st.outOff + ((b * H + h) * Nq + i0) * Nk + j0;
          for (let r = 0; r < rows; r++)
            kernels.finalizeRows(sc, tile + r * ldS, sc, lOff + r, 1, cols, st.out, out0 + r * Nk);
        }
      }
    }
  }
}
