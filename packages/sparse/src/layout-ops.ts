import { AttentionError } from '@attnkit/core';
import type { BlockLayout } from './layout.ts';
import { buildLayout } from './layout-builder.ts';

/** The common dims of layouts: same block and block counts; heads 1 or one shared H. */
function commonDims(layouts: readonly BlockLayout[], op: string) {
  if (layouts.length === 0)
    throw new AttentionError('INVALID_CONFIG', `${op}()`, 'at least one layout', 'none');
  const [first] = layouts;
  let heads = 1;
  for (const l of layouts) {
    if (
      l.block !== first.block ||
      l.queryBlocks !== first.queryBlocks ||
      l.keyBlocks !== first.keyBlocks
    ) {
      throw new AttentionError(
        'SHAPE_MISMATCH',
        `${op}() layouts`,
        `${first.queryBlocks}×${first.keyBlocks} blocks of ${first.block}`,
        `${l.queryBlocks}×${l.keyBlocks} blocks of ${l.block}`,
      );
    }
    if (l.heads !== 1) {
      if (heads !== 1 && heads !== l.heads)
        throw new AttentionError(
          'SHAPE_MISMATCH',
          `${op}() layout heads`,
          `1 or ${heads}`,
          String(l.heads),
        );
      heads = l.heads;
    }
  }
  return { block: first.block, queryBlocks: first.queryBlocks, keyBlocks: first.keyBlocks, heads };
}

/** Every block pair (and token pair, inside partial blocks) that any layout attends. */
export function unionLayouts(layouts: readonly BlockLayout[]): BlockLayout {
  const dims = commonDims(layouts, 'union');
  const bb = dims.block * dims.block;
  return buildLayout(dims, (h, qb, row) => {
    for (const l of layouts) {
      const r = l.headIndex(h) * l.queryBlocks + qb;
      for (let p = l.rowPtr[r]; p < l.rowPtr[r + 1]; p++) {
        if (l.maskOf[p] < 0) row.add(l.colIdx[p]);
        else row.addMask(l.colIdx[p], l.masks, l.maskOf[p] * bb);
      }
    }
  });
}

/** Only the block pairs (and token pairs) that every layout attends. */
export function intersectLayouts(layouts: readonly BlockLayout[]): BlockLayout {
  const dims = commonDims(layouts, 'intersect');
  const bb = dims.block * dims.block;
  const tile = new Uint8Array(bb);
  return buildLayout(dims, (h, qb, row) => {
    const [first, ...rest] = layouts;
    const r0 = first.headIndex(h) * first.queryBlocks + qb;
    for (let p = first.rowPtr[r0]; p < first.rowPtr[r0 + 1]; p++) {
      const kb = first.colIdx[p];
      let partial = first.maskOf[p] >= 0;
      if (partial) tile.set(first.masks.subarray(first.maskOf[p] * bb, (first.maskOf[p] + 1) * bb));
      else tile.fill(1);
      let present = true;
      for (const l of rest) {
        const q = findEntry(l, h, qb, kb);
        if (q < 0) {
          present = false;
          break;
        }
        if (l.maskOf[q] >= 0) {
          partial = true;
          const off = l.maskOf[q] * bb;
          for (let t = 0; t < bb; t++) tile[t] &= l.masks[off + t];
        }
      }
      if (!present) continue;
      if (!partial) row.add(kb);
      else if (tile.some((x) => x !== 0)) row.addMask(kb, tile, 0);
    }
  });
}

/** The entry index of (h, qb, kb) in a layout, or −1: a binary search over the sorted row. */
function findEntry(l: BlockLayout, h: number, qb: number, kb: number): number {
  const r = l.headIndex(h) * l.queryBlocks + qb;
  let lo = l.rowPtr[r];
  let hi = l.rowPtr[r + 1] - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = l.colIdx[mid];
    if (c === kb) return mid;
    if (c < kb) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
