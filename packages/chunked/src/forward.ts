import { type ResolvedCall, type Tensor, visibleKeyEnd } from '@attnkit/core';
import {
  forEachQueryBlock,
  type Kernels,
  type Staged,
  stagedForward,
  stagedHead,
} from '@attnkit/kernels';
import { type Blocks, chunkedScratch, scratchLayout } from './cost.ts';
import { scoreMaskedTile } from './score-tile.ts';

/** The fast path: q, k, v staged once, then every head's query blocks (attendChunked below). */
export function forwardChunked(
  kernels: Kernels,
  call: ResolvedCall,
  q: Tensor,
  k: Tensor,
  v: Tensor,
  blocks: Blocks,
  logSumExp?: Float32Array,
): Tensor {
  return stagedForward(kernels, call.shape, q, k, v, chunkedScratch(call.shape, blocks), (st) =>
    attendChunked(kernels, call, st, blocks, logSumExp),
  );
}

/**
 * Chunked attention (b h n d): for each head and each block of queryBlock queries, stream the
 * visible keys in blocks of keyBlock through an online softmax (running max m, sum l and
 * accumulator acc), then normalise once. Scratch holds one queryBlock × keyBlock tile plus m, l
 * and acc: never N × N.
 *
 * Key blocks past the last key a query block can see (causal diagonal, padding) are skipped;
 * the partial block at that edge is cut; only tiles crossing the causal diagonal are masked.
 * options.scoreBias is added to each tile before the mask, as in the reference.
 * When `logSumExp` is given, row r of head (b, h) gets log Σ_j exp(s_rj) (−∞ if fully masked).
 */
export function attendChunked(
  kernels: Kernels,
  call: ResolvedCall,
  st: Staged,
  blocks: Blocks,
  logSumExp?: Float32Array,
): void {
  const Dv = call.shape.valueDim;
  const { queryBlock, keyBlock } = blocks;
  const lay = scratchLayout(call.shape, blocks);
  const tile = st.scratchOff + lay.tile;
  const mOff = st.scratchOff + lay.max;
  const lOff = st.scratchOff + lay.sum;
  const accOff = st.scratchOff + lay.acc;
  const ldS = lay.ldS;
  const sc = st.scratch;
  forEachQueryBlock(call.shape, queryBlock, (b, h, at, i0, rows) => {
    const { q: qHead, k: kHead, v: vHead, o: oHead } = stagedHead(st, at);
    // The last row of the block sees the most keys; the first row sees keys j <= i0 + offset.
    const end = visibleKeyEnd(call, b, i0 + rows - 1);
    sc.fill(Number.NEGATIVE_INFINITY, mOff, mOff + rows);
    sc.fill(0, lOff, lOff + rows);
    sc.fill(0, accOff, accOff + rows * Dv);
    for (let j0 = 0; j0 < end; j0 += keyBlock) {
      const cols = Math.min(keyBlock, end - j0);
      scoreMaskedTile(kernels, call, st, tile, ldS, b, h, qHead, kHead, i0, j0, rows, cols);
      kernels.onlineSoftmax(sc, tile, rows, cols, ldS, sc, mOff, sc, lOff, sc, accOff, Dv);
      kernels.pvTile(sc, tile, rows, cols, ldS, st.v, vHead + j0 * Dv, Dv, sc, accOff);
    }
    kernels.finalizeRows(sc, accOff, sc, lOff, rows, Dv, st.out, oHead + i0 * Dv);
    if (logSumExp) {
      const row0 = at.row + i0;
      for (let r = 0; r < rows; r++) {
        const l = sc[lOff + r];
        logSumExp[row0 + r] = l === 0 ? Number.NEGATIVE_INFINITY : sc[mOff + r] + Math.log(l);
      }
    }
  });
}
