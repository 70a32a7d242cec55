import type { AttentionShape, Cost } from '@attnkit/core';
import { type Kernels, stagedBytes } from '@attnkit/kernels';
import { sparseScratch } from './attend.ts';
import type { BlockLayout } from './layout.ts';

/**
 * Token pairs one block pair computes: its rows × cols, less the pairs above the causal diagonal
 * (bottom-right, offset = Nk − Nq) and, for partial blocks, outside the token mask.
 */
function blockPairs(
  layout: BlockLayout,
  p: number,
  shape: AttentionShape,
  i0: number,
  causal: boolean,
) {
  const b = layout.block;
  const j0 = layout.colIdx[p] * b;
  const rows = Math.min(b, shape.queryLength - i0);
  const cols = Math.min(b, shape.keyLength - j0);
  const offset = shape.keyLength - shape.queryLength;
  const m = layout.maskOf[p];
  let pairs = 0;
  for (let r = 0; r < rows; r++) {
    const seen = causal ? Math.max(0, Math.min(cols, i0 + r + offset - j0 + 1)) : cols;
    if (m < 0) pairs += seen;
    else {
      const mo = m * b * b + r * b;
      for (let c = 0; c < seen; c++) pairs += layout.masks[mo + c];
    }
  }
  return pairs;
}

/** Query–key pairs computed over all heads of one batch entry. */
export function layoutPairs(layout: BlockLayout, shape: AttentionShape, causal: boolean): number {
  let pairs = 0;
  for (let h = 0; h < layout.heads; h++) {
    for (let qb = 0; qb < layout.queryBlocks; qb++) {
      const r = h * layout.queryBlocks + qb;
      for (let p = layout.rowPtr[r]; p < layout.rowPtr[r + 1]; p++)
        pairs += blockPairs(layout, p, shape, qb * layout.block, causal);
    }
  }
  return layout.heads === 1 ? pairs * shape.heads : pairs;
}

/**
 * Useful flops (2 per multiply-add, QKᵀ and PV over visible pairs; padding not subtracted) and
 * peak bytes: the staged output and scratch tiles plus the layout itself.
 */
export function sparseCost(
  kernels: Kernels,
  shape: AttentionShape,
  layout: BlockLayout,
  causal: boolean,
): Cost {
  const {
    batch: B,
    heads: H,
    kvHeads: Hkv,
    queryLength: Nq,
    keyLength: Nk,
    headDim: D,
    valueDim: Dv,
  } = shape;
  const inputs = B * H * Nq * D + B * Hkv * Nk * (D + Dv);
  return {
    flops: 2 * B * layoutPairs(layout, shape, causal) * (D + Dv),
    peakBytes:
      stagedBytes(kernels, inputs, B * H * Nq * Dv, sparseScratch(layout.block, Dv)) + layout.bytes,
  };
}
