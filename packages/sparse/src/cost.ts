import {
  type AttentionOptions,
  type AttentionShape,
  type Cost,
  resolveKeyLengths,
  visiblePairCount,
} from '@attnkit/core';
import { forwardBytes } from './forward.ts';
import type { BlockLayout } from './layout.ts';

/**
 * Token pairs one block pair computes: its rows × cols, less the pairs above the causal diagonal
 * (bottom-right, offset = Nk − Nq), past the padding length and, for partial blocks, outside
 * the token mask.
 */
function blockPairs(
  layout: BlockLayout,
  p: number,
  shape: AttentionShape,
  i0: number,
  causal: boolean,
  keyLength: number,
) {
  const b = layout.block;
  const j0 = layout.colIdx[p] * b;
  const rows = Math.min(b, shape.queryLength - i0);
  const cols = Math.max(0, Math.min(b, keyLength - j0));
  const diagonal = i0 + shape.keyLength - shape.queryLength - j0;
  const m = layout.maskOf[p];
  if (m < 0) return visiblePairCount(rows, cols, { causal, diagonal });
  let pairs = 0;
  for (let r = 0; r < rows; r++) {
    const seen = causal ? Math.max(0, Math.min(cols, r + diagonal + 1)) : cols;
    const mo = m * b * b + r * b;
    for (let c = 0; c < seen; c++) pairs += layout.masks[mo + c];
  }
  return pairs;
}

/** Query–key pairs computed over all heads of one batch entry whose keys end at keyLength. */
export function layoutPairs(
  layout: BlockLayout,
  shape: AttentionShape,
  causal: boolean,
  keyLength = shape.keyLength,
): number {
  let pairs = 0;
  for (let h = 0; h < layout.heads; h++) {
    for (let qb = 0; qb < layout.queryBlocks; qb++) {
      const r = h * layout.queryBlocks + qb;
      for (let p = layout.rowPtr[r]; p < layout.rowPtr[r + 1]; p++)
        pairs += blockPairs(layout, p, shape, qb * layout.block, causal, keyLength);
    }
  }
  return layout.heads === 1 ? pairs * shape.heads : pairs;
}

/** Visible token pairs of a whole call: each batch entry with its own padding length. */
export function callLayoutPairs(
  layout: BlockLayout,
  shape: AttentionShape,
  options: AttentionOptions | undefined,
): number {
  const lengths = resolveKeyLengths(options?.keyLengths, shape.batch, shape.keyLength);
  const causal = options?.causal === true;
  const seen = new Map<number, number>();
  let pairs = 0;
  for (const length of lengths) {
    if (!seen.has(length)) seen.set(length, layoutPairs(layout, shape, causal, length));
    pairs += seen.get(length) as number;
  }
  return pairs;
}

/**
 * Useful flops (2 per multiply-add, QKᵀ and PV over visible pairs: layout, causal, padding) and
 * peak bytes: the staged output and scratch tiles plus the layout itself.
 */
export function sparseCost(
  shape: AttentionShape,
  layout: BlockLayout,
  options: AttentionOptions | undefined,
): Cost {
  return {
    flops: 2 * callLayoutPairs(layout, shape, options) * (shape.headDim + shape.valueDim),
    // Rows stream through the kernels (forward.ts): the output, the scratch and the layout.
    peakBytes: forwardBytes(shape, layout.block) + layout.bytes,
  };
}
