import { type AttentionShape, type HeadOffsets, headOffsets } from '@attnkit/core';
import type { Kernels } from './types.ts';

/**
 * Calls `block` for every query block of every (batch, head) with the head's offsets: the walk
 * the flash forward and backward share. One call per block, never per element.
 */
export function forEachQueryBlock(
  shape: AttentionShape,
  queryBlock: number,
  block: (b: number, h: number, at: HeadOffsets, i0: number, rows: number) => void,
): void {
  const { batch: B, heads: H, queryLength: Nq } = shape;
  for (let b = 0; b < B; b++)
    for (let h = 0; h < H; h++) {
      const at = headOffsets(shape, b, h);
      for (let i0 = 0; i0 < Nq; i0 += queryBlock)
        block(b, h, at, i0, Math.min(queryBlock, Nq - i0));
    }
}

/** Writes the key tiles [start, end) in steps of kb as (j0, cols) pairs into out; returns their count. */
export function keyTiles(start: number, end: number, kb: number, out: Int32Array): number {
  let n = 0;
  for (let j0 = start; j0 < end; j0 += kb) {
    out[2 * n] = j0;
    out[2 * n + 1] = Math.min(kb, end - j0);
    n++;
  }
  return n;
}

/**
 * Which key tiles a block of query rows sees and how its scores are made: what an exact
 * variant hands the shared tile drivers (flash-forward.ts, flash-backward.ts) so one
 * FlashAttention-2 forward-with-log-sum-exp and backward serve every mask layout.
 */
export interface TilePlan {
  /** Query rows per block. */
  readonly queryBlock: number;
  /** The widest key tile (scratch is sized by it). */
  readonly keyBlock: number;
  /**
   * Writes (j0, cols) pairs of the key tiles rows [i0, i0 + rows) of head (b, h) may see into
   * `out` (sorted by j0, disjoint) and returns how many; `out` holds 2·maxTiles entries.
   */
  tiles(b: number, h: number, i0: number, rows: number, out: Int32Array): number;
  /** The most tiles one query block may see. */
  readonly maxTiles: number;
  /**
   * The final score tile: scale·Q Kᵀ plus the score bias, −∞ where masked, for rows i0… of head
   * (b, h) and keys j0…; Q rows at q[qOff …], K rows at k[kOff …] (both already offset to i0, j0).
   */
  score(
    kernels: Kernels,
    b: number,
    h: number,
    q: Float32Array,
    qOff: number,
    k: Float32Array,
    kOff: number,
    s: Float32Array,
    sOff: number,
    i0: number,
    j0: number,
    rows: number,
    cols: number,
    ld: number,
  ): void;
}
