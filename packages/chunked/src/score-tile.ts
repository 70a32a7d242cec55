import type { ResolvedCall } from '@attnkit/core';
import { applyScoreBias, type Kernels, type Staged } from '@attnkit/kernels';

/**
 * One chunked tile's scores (b h n d): S = scale · Q[i0 …] K[j0 …]ᵀ for `rows` queries of head h
 * and `cols` keys, plus options.scoreBias, with the causal diagonal masked where the tile crosses
 * it. The tile lands at st.scratch[tile …] with row stride ldS. Shared by forward and weights().
 */
export function scoreMaskedTile(
  kernels: Kernels,
  call: ResolvedCall,
  st: Staged,
  tile: number,
  ldS: number,
  b: number,
  h: number,
  qHead: number,
  kHead: number,
  i0: number,
  j0: number,
  rows: number,
  cols: number,
): void {
  const D = call.shape.headDim;
  const offset = call.causalOffset;
  const sc = st.scratch;
  kernels.scoreTile(
    st.q,
    qHead + i0 * D,
    st.k,
    kHead + j0 * D,
    sc,
    tile,
    rows,
    cols,
    D,
    ldS,
    call.scale,
  );
  if (call.scoreBias)
    applyScoreBias(kernels, call.scoreBias, sc, tile, rows, cols, ldS, b, h, i0, j0, offset);
  if (call.causal && j0 + cols - 1 > i0 + offset)
    kernels.maskBand(sc, tile, rows, cols, ldS, j0 - i0, Number.NEGATIVE_INFINITY, offset);
}
