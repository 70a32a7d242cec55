import type { ResolvedCall } from '@attnkit/core';
import { applyScoreBias, type Kernels, type Staged } from '@attnkit/kernels';

/**
 * Full attention (b h n d): for each head and each block of `queryBlock` queries, score the block
 * against every key it can see (one queryBlock × Nk matrix), mask, softmax, multiply by V.
 * Columns past the last visible key of the block (padding, or causal) are never computed.
 * `st.scratch` holds queryBlock · Nk floats.
 */
export function attendFull(
  kernels: Kernels,
  call: ResolvedCall,
  st: Staged,
  queryBlock: number,
): void {
  const {
    batch: B,
    heads: H,
    kvHeads: Hkv,
    queryLength: Nq,
    keyLength: Nk,
    headDim: D,
    valueDim: Dv,
  } = call.shape;
  const group = H / Hkv;
  const S = st.scratchOff;
  for (let b = 0; b < B; b++) {
    const keyLength = call.keyLengths[b];
    for (let h = 0; h < H; h++) {
      const hk = Math.floor(h / group);
      const qHead = st.qOff + (b * H + h) * Nq * D;
      const kHead = st.kOff + (b * Hkv + hk) * Nk * D;
      const vHead = st.vOff + (b * Hkv + hk) * Nk * Dv;
      const oHead = st.outOff + (b * H + h) * Nq * Dv;
      for (let i0 = 0; i0 < Nq; i0 += queryBlock) {
        const rows = Math.min(queryBlock, Nq - i0);
        const lastRow = i0 + rows - 1;
        const cols = call.causal
          ? Math.min(keyLength, Math.max(0, lastRow + call.causalOffset + 1))
          : keyLength;
        // Output rows with no visible key stay zero (the output starts zeroed).
        if (cols === 0) continue;
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
          cols,
          call.scale,
        );
        if (call.scoreBias) {
          applyScoreBias(
            call.scoreBias,
            st.scratch,
            S,
            rows,
            cols,
            cols,
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
            cols,
            -i0,
            Number.NEGATIVE_INFINITY,
            call.causalOffset,
          );
        kernels.softmaxRows(st.scratch, S, rows, cols, cols);
        kernels.pvTile(st.scratch, S, rows, cols, cols, st.v, vHead, Dv, st.out, oHead + i0 * Dv);
      }
    }
  }
}
