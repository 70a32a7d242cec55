import type {
  AttentionOptions,
  AttentionShape,
  Cost,
  ResolvedCall,
  VariantTraits,
} from '@attnkit/core';
import {
  applyScoreBias,
  type Kernels,
  keyTiles,
  softmaxTraining,
  type TilePlan,
} from '@attnkit/kernels';
import type { Band } from './config.ts';
import { dilatedBackward, dilatedForward } from './dilated-training.ts';
import { bandLimits } from './geometry.ts';

/**
 * The band as tiles (n d): query block [i0, i0 + rows) at key positions first = i0 + Nk − Nq …
 * last sees keys [first + lo, last + hi] within the padding, walked in tiles of `block`; only
 * tiles that straddle a band edge are masked. A block sees at most (rows + w) keys: O(N·w) work.
 */
function bandTilePlan(call: ResolvedCall, band: Band, block: number): TilePlan {
  const shift = call.causalOffset;
  const [lo, hi] = bandLimits(band.left, band.right, call.causal);
  const qb = Math.max(1, Math.min(block, call.shape.queryLength));
  const kb = Math.max(1, Math.min(block, call.shape.keyLength));
  const width = Math.min(call.shape.keyLength, qb + band.left + band.right);
  return {
    queryBlock: qb,
    keyBlock: kb,
    maxTiles: Math.ceil(width / kb) + 1,
    tiles(b, _h, i0, rows, out) {
      const first = i0 + shift;
      const start = Math.max(0, first + lo);
      const end = Math.min(call.keyLengths[b], first + rows - 1 + hi + 1);
      return keyTiles(start, end, kb, out);
    },
    score(kernels, b, h, q, qOff, k, kOff, s, sOff, i0, j0, rows, cols, ld) {
      kernels.scoreTile(q, qOff, k, kOff, s, sOff, rows, cols, call.shape.headDim, ld, call.scale);
      if (call.scoreBias)
        applyScoreBias(kernels, call.scoreBias, s, sOff, rows, cols, ld, b, h, i0, j0, shift);
      const first = i0 + shift;
      const inside = j0 >= first + rows - 1 + lo && j0 + cols - 1 <= first + hi;
      if (!inside) kernels.maskBand(s, sOff, rows, cols, ld, j0 - first, lo, hi);
    },
  };
}

/**
 * Sliding-window gradients (b h n d): FlashAttention-2's backward on the band's tiles, from the
 * saved log-sum-exp; O(N·w·D) work, O(N·D) memory. Dilated windows run per residue class
 * (dilated-training.ts), as their forward does.
 */
export function localWindowTraining(
  kernels: Kernels,
  band: Band,
  block: number,
  traits: Pick<VariantTraits, 'causal' | 'crossAttention' | 'keyLengths' | 'scoreBias'>,
  forwardCost: (shape: AttentionShape, options?: AttentionOptions) => Cost,
  memoryBudget = Number.MAX_SAFE_INTEGER,
) {
  const plan = (call: ResolvedCall) => bandTilePlan(call, band, block);
  return softmaxTraining({
    name: 'local-window',
    kernels,
    traits,
    memoryBudget,
    forwardCost,
    plan,
    blocks: (s) => ({
      queryBlock: Math.min(block, s.queryLength),
      keyBlock: Math.min(block, s.keyLength),
    }),
    run:
      band.dilation === 1
        ? undefined
        : {
            forward: (call, q, k, v) => dilatedForward(kernels, call, band, plan, q, k, v),
            backward: (call, x) => dilatedBackward(kernels, call, band, plan, x),
            // One class gathered at a time: its q, k, v, out, dOut, L copies and gradients.
            extraBytes: (s) => {
              const rows = s.batch * s.heads * Math.ceil(s.queryLength / band.dilation);
              const keys = s.batch * s.kvHeads * Math.ceil(s.keyLength / band.dilation);
              return (
                4 *
                (2 * rows * (s.headDim + 2 * s.valueDim + 1) + 2 * keys * (s.headDim + s.valueDim))
              );
            },
          },
  });
}
