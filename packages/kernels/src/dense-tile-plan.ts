import { type ResolvedCall, visibleKeyEnd } from '@attnkit/core';
import { applyScoreBias } from './score-bias.ts';
import { type SoftmaxTrainingSetup, softmaxTraining } from './softmax-training.ts';
import { keyTiles, type TilePlan } from './tile-plan.ts';
import type { Kernels } from './types.ts';

/**
 * The tiles of exact attention whose only masks are causal (bottom-right) and padding (full,
 * chunked): a query block sees key tiles [0, end) in steps of keyBlock, where end is the last
 * key its last row may see, so tiles above the causal diagonal and past the padding are never
 * visited; only tiles that cross the diagonal are masked.
 */
export function denseTilePlan(call: ResolvedCall, queryBlock: number, keyBlock: number): TilePlan {
  const { queryLength: Nq, keyLength: Nk } = call.shape;
  const offset = call.causalOffset;
  const qb = Math.max(1, Math.min(queryBlock, Nq));
  const kb = Math.max(1, Math.min(keyBlock, Nk));
  return {
    queryBlock: qb,
    keyBlock: kb,
    maxTiles: Math.ceil(Nk / kb),
    tiles(b, _h, i0, rows, out) {
      return keyTiles(0, visibleKeyEnd(call, b, i0 + rows - 1), kb, out);
    },
    score(kernels: Kernels, b, h, q, qOff, k, kOff, s, sOff, i0, j0, rows, cols, ld) {
      kernels.scoreTile(q, qOff, k, kOff, s, sOff, rows, cols, call.shape.headDim, ld, call.scale);
      if (call.scoreBias)
        applyScoreBias(kernels, call.scoreBias, s, sOff, rows, cols, ld, b, h, i0, j0, offset);
      if (call.causal && j0 + cols - 1 > i0 + offset)
        kernels.maskBand(s, sOff, rows, cols, ld, j0 - i0, Number.NEGATIVE_INFINITY, offset);
    },
  };
}

/** softmaxTraining on dense tiles of queryBlock × keyBlock (full, chunked). */
export function denseSoftmaxTraining(
  setup: Omit<SoftmaxTrainingSetup, 'plan' | 'blocks'>,
  queryBlock: number,
  keyBlock: number,
) {
  return softmaxTraining({
    ...setup,
    plan: (call) => denseTilePlan(call, queryBlock, keyBlock),
    blocks: (s) => ({
      queryBlock: Math.min(queryBlock, s.queryLength),
      keyBlock: Math.min(keyBlock, s.keyLength),
    }),
  });
}
