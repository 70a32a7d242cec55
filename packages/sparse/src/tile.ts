import { headOffsets, type ResolvedCall } from '@attnkit/core';
import { applyScoreBias, type Kernels, type Staged, stagedHead } from '@attnkit/kernels';
import type { BlockLayout } from './layout.ts';

/**
 * Keys of key block j0 … j0 + b − 1 that the query rows i0 … i0 + rows − 1 may see under padding
 * and causal (bottom-right): a prefix of the block, 0 when the block is wholly hidden. Blocks of a
 * row are sorted, so a caller may stop at the first 0 past the diagonal.
 */
export function visibleCols(
  call: ResolvedCall,
  b: number,
  keyLength: number,
  i0: number,
  rows: number,
  j0: number,
): number {
  let cols = Math.min(b, keyLength - j0);
  if (call.causal) cols = Math.min(cols, i0 + rows + call.causalOffset - j0);
  return Math.max(0, cols);
}

/** Where one (query block, key block) tile reads and writes. */
export interface TileSpot {
  batch: number;
  head: number;
  qHead: number;
  kHead: number;
  i0: number;
  rows: number;
  j0: number;
  cols: number;
  /** Layout entry: its token mask, if partial. */
  entry: number;
  /** Score tile S (row stride = block) in st.scratch. */
  sOff: number;
}

/** A tile whose score block sits at sOff; `atHead` and the block loop fill in the rest. */
export const newTileSpot = (sOff: number): TileSpot => ({
  batch: 0,
  head: 0,
  qHead: 0,
  kHead: 0,
  i0: 0,
  rows: 0,
  j0: 0,
  cols: 0,
  entry: 0,
  sOff,
});

/** Points the tile at batch bi, query head h and its kv head of the staged call. */
export function atHead(t: TileSpot, call: ResolvedCall, st: Staged, bi: number, h: number) {
  const at = stagedHead(st, headOffsets(call.shape, bi, h));
  t.batch = bi;
  t.head = h;
  t.qHead = at.q;
  t.kHead = at.k;
}

/**
 * S = scale·Q Kᵀ (+ score bias) for one block pair, then −∞ where the pair is hidden: outside the
 * entry's token mask (partial blocks) and above the causal diagonal (blocks that straddle it).
 */
export function scoreBlock(
  kernels: Kernels,
  call: ResolvedCall,
  st: Pick<Staged, 'q' | 'k' | 'scratch'>,
  layout: BlockLayout,
  t: TileSpot,
): void {
  const b = layout.block;
  const D = call.shape.headDim;
  const { i0, rows, j0, cols, sOff } = t;
  kernels.scoreTile(
    st.q,
    t.qHead + i0 * D,
    st.k,
    t.kHead + j0 * D,
    st.scratch,
    sOff,
    rows,
    cols,
    D,
    b,
    call.scale,
  );
  if (call.scoreBias)
    applyScoreBias(
      kernels,
      call.scoreBias,
      st.scratch,
      sOff,
      rows,
      cols,
      b,
      t.batch,
      t.head,
      i0,
      j0,
      call.causalOffset,
    );
  const m = layout.maskOf[t.entry];
  if (m >= 0) kernels.maskTile(st.scratch, sOff, rows, cols, b, layout.masks, m * b * b, b);
  // The first query sees keys up to i0 + offset; a tile reaching past that straddles the diagonal.
  if (call.causal && j0 + cols - 1 > i0 + call.causalOffset)
    kernels.maskBand(
      st.scratch,
      sOff,
      rows,
      cols,
      b,
      j0 - i0,
      Number.NEGATIVE_INFINITY,
      call.causalOffset,
    );
}
