import { type ResolvedCall, type Tensor, visibleKeyEnd } from '@attnkit/core';
import {
  applyScoreBias,
  forEachQueryBlock,
  type Kernels,
  type Staged,
  stagedForward,
  stagedHead,
} from '@attnkit/kernels';
import { fullScratch, scoreStride } from './cost.ts';

/** The fast path: q, k, v staged once, then every head's query blocks (attendFull below). */
export function forwardFull(
  kernels: Kernels,
  call: ResolvedCall,
  q: Tensor,
  k: Tensor,
  v: Tensor,
  queryBlock: number,
): Tensor {
  const scratch = fullScratch(call.shape, queryBlock);
  return stagedForward(kernels, call.shape, q, k, v, scratch, (st) =>
    attendFull(kernels, call, st, queryBlock),
  );
}

/**
 * Full attention (b h n d): for each head and each block of `queryBlock` queries, score the block
 * against every key it can see (one queryBlock × Nk matrix), mask, exponentiate, multiply by V,
 * then divide each output row by its row sum. That is softmax(S)·V with the normalisation moved
 * past the product: one pass over the queryBlock × Nk matrix fewer than normalising P first.
 * Columns past the last visible key of the block (padding, or causal) are never computed.
 * `st.scratch` holds queryBlock · (scoreStride(Nk) + 2) floats.
 */
export function attendFull(
  kernels: Kernels,
  call: ResolvedCall,
  st: Staged,
  queryBlock: number,
): void {
  const { queryLength: Nq, keyLength: Nk, headDim: D, valueDim: Dv } = call.shape;
  const S = st.scratchOff;
  const ldS = scoreStride(Nk);
  const rowsMax = Math.min(queryBlock, Nq);
  const M = S + rowsMax * ldS;
  const L = M + rowsMax;
  forEachQueryBlock(call.shape, queryBlock, (b, h, at, i0, rows) => {
    const { q: qHead, k: kHead, v: vHead, o: oHead } = stagedHead(st, at);
    const cols = visibleKeyEnd(call, b, i0 + rows - 1); // the last row sees the most keys
    // Output rows with no visible key stay zero (the output starts zeroed).
    if (cols === 0) return;
    kernels.scoreTile(
      st.q,
      qHead + i0 * D,
      st.k,
      kHead,
      st.scratch,
      S,
      rows,
      cols,
      D,
      ldS,
      call.scale,
    );
    if (call.scoreBias) {
      applyScoreBias(
        kernels,
        call.scoreBias,
        st.scratch,
        S,
        rows,
        cols,
        ldS,
        b,
        h,
        i0,
        0,
        call.causalOffset,
      );
    }
    if (call.causal)
      kernels.maskBand(
        st.scratch,
        S,
        rows,
        cols,
        ldS,
        -i0,
        Number.NEGATIVE_INFINITY,
        call.causalOffset,
      );
    // The output block is still zero: the online step from m = −∞, l = 0 leaves P = e^(S − max)
    // and the row sums in l; P·V accumulates there and finalizeRows divides by l in place.
    const O = oHead + i0 * Dv;
    st.scratch.fill(Number.NEGATIVE_INFINITY, M, M + rows);
    st.scratch.fill(0, L, L + rows);
    kernels.onlineSoftmax(
      st.scratch,
      S,
      rows,
      cols,
      ldS,
      st.scratch,
      M,
      st.scratch,
      L,
      st.out,
      O,
      Dv,
    );
    kernels.pvTile(st.scratch, S, rows, cols, ldS, st.v, vHead, Dv, st.out, O);
    kernels.finalizeRows(st.out, O, st.scratch, L, rows, Dv, st.out, O);
  });
}
