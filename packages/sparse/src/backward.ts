import type {
  AttentionOptions,
  AttentionShape,
  Cost,
  ResolvedCall,
  VariantTraits,
} from '@attnkit/core';
import { applyScoreBias, type Kernels, softmaxTraining, type TilePlan } from '@attnkit/kernels';
import type { BlockLayout } from './layout.ts';
import { visibleCols } from './tile.ts';

/**
 * The layout as tiles (b h n d): query block qb sees the key blocks of its CSR row, cut by
 * padding and causal; partial blocks get their token mask, blocks that straddle the causal
 * diagonal the band mask. O(nnz blocks · b²) work, like the forward.
 */
function layoutTilePlan(call: ResolvedCall, layout: BlockLayout): TilePlan {
  const b = layout.block;
  let rowStart = 0;
  let rowEnd = 0;
  return {
    queryBlock: b,
    keyBlock: b,
    maxTiles: layout.keyBlocks,
    tiles(bi, h, i0, rows, out) {
      const r = layout.headIndex(h) * layout.queryBlocks + i0 / b;
      rowStart = layout.rowPtr[r];
      rowEnd = layout.rowPtr[r + 1];
      let n = 0;
      for (let p = rowStart; p < rowEnd; p++) {
        const j0 = layout.colIdx[p] * b;
        const cols = visibleCols(call, b, call.keyLengths[bi], i0, rows, j0);
        if (cols === 0) break; // sorted: every later block is hidden too
        out[2 * n] = j0;
        out[2 * n + 1] = cols;
        n++;
      }
      return n;
    },
    score(kernels, bi, h, q, qOff, k, kOff, s, sOff, i0, j0, rows, cols, ld) {
      kernels.scoreTile(q, qOff, k, kOff, s, sOff, rows, cols, call.shape.headDim, ld, call.scale);
      if (call.scoreBias)
        applyScoreBias(
          kernels,
          call.scoreBias,
          s,
          sOff,
          rows,
          cols,
          ld,
          bi,
          h,
          i0,
          j0,
          call.causalOffset,
        );
      let p = rowStart;
      while (p < rowEnd && layout.colIdx[p] * b !== j0) p++;
      const m = layout.maskOf[p];
      if (m >= 0) kernels.maskTile(s, sOff, rows, cols, ld, layout.masks, m * b * b, b);
      if (call.causal && j0 + cols - 1 > i0 + call.causalOffset)
        kernels.maskBand(
          s,
          sOff,
          rows,
          cols,
          ld,
          j0 - i0,
          Number.NEGATIVE_INFINITY,
          call.causalOffset,
        );
    },
  };
}

/**
 * Block-sparse gradients (b h n d): FlashAttention-2's backward on the layout's nonzero blocks,
 * from the saved log-sum-exp; O(nnz · b² · D) work, O(N·D + b²) memory.
 */
export function sparseTraining(
  kernels: Kernels,
  layoutFor: (shape: AttentionShape, causal: boolean) => BlockLayout,
  traits: Pick<VariantTraits, 'causal' | 'crossAttention' | 'keyLengths' | 'scoreBias'>,
  forwardCost: (shape: AttentionShape, options?: AttentionOptions) => Cost,
  memoryBudget = Number.MAX_SAFE_INTEGER,
) {
  return softmaxTraining({
    name: 'sparse',
    kernels,
    traits,
    memoryBudget,
    forwardCost,
    plan: (call) => layoutTilePlan(call, layoutFor(call.shape, call.causal)),
    blocks: (s) => {
      const b = layoutFor(s, false).block;
      return { queryBlock: b, keyBlock: b };
    },
  });
}
