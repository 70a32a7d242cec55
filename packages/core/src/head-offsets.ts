import type { AttentionShape } from './types.ts';

/** Where one (batch, query head) pair starts in each [B, H, N, ·] tensor of a call. */
export interface HeadOffsets {
  /** The kv head this query head reads (grouped-query attention: H / Hkv query heads a kv head). */
  kvHead: number;
  /** Offset of the head's first row in Q [B, H, Nq, D]. */
  q: number;
  /** Offset in K [B, Hkv, Nk, D]. */
  k: number;
  /** Offset in V [B, Hkv, Nk, Dv]. */
  v: number;
  /** Offset in the output [B, H, Nq, Dv] (and in dO). */
  o: number;
  /** The head's first query row in [B, H, Nq] per-row arrays (log-sum-exp, D). */
  row: number;
}

/**
 * The row-major offsets of head h of batch b in Q, K, V and the output: the index maths every
 * variant and oracle shares. Called once per head, never per element.
 */
export function headOffsets(shape: AttentionShape, b: number, h: number): HeadOffsets {
  const {
    heads: H,
    kvHeads: Hkv,
    queryLength: Nq,
    keyLength: Nk,
    headDim: D,
    valueDim: Dv,
  } = shape;
  const kvHead = Math.floor(h / (H / Hkv));
  const kvRow = (b * Hkv + kvHead) * Nk;
  const qRow = (b * H + h) * Nq;
  return { kvHead, q: qRow * D, k: kvRow * D, v: kvRow * Dv, o: qRow * Dv, row: qRow };
}
