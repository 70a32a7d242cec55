import { DEFAULT_MEMORY_BUDGET, refuseOverBudget } from '@attnkit/core';
import { BlockLayout } from './layout.ts';

/**
 * The grid a custom pattern fills (see `buildLayout`): sizes in blocks, so a pattern never has
 * to know the token lengths.
 */
export interface LayoutDims {
  /** Tokens per block side. */
  block: number;
  /** Rows of the layout: ⌈Nq / block⌉. */
  queryBlocks: number;
  /** Columns of the layout: ⌈Nk / block⌉. */
  keyBlocks: number;
  /** 1 for a layout shared by all heads. */
  heads: number;
  /** Bytes the layout may grow to (default 2 GiB): checked before each allocation. */
  memoryBudget?: number;
}

/**
 * Collects one row of key blocks: full blocks, and partial blocks whose b×b token masks are ORed
 * when the same block is added twice (a union). A full block absorbs any partial one.
 */
export interface RowSink {
  /** Adds key block kb whole; out of range is ignored, so patterns need not clip. */
  add(kb: number): void;
  /** Adds key blocks lo … hi, clipped to the layout. */
  addRange(lo: number, hi: number): void;
  /** Adds a partial block from b×b bytes at mask[off …] (row = query, column = key in block). */
  addMask(kb: number, mask: Uint8Array, off: number): void;
  /** Whether kb is already in the row (whole or partial): random draws use it to skip repeats. */
  has(kb: number): boolean;
  /** Blocks in the row so far that are <= hi. */
  countUpTo(hi: number): number;
}

const FULL = -2;
const NONE = -1;

/**
 * Builds a layout row by row: `fill(h, qb, row)` adds the key blocks of query block qb of head h.
 * Rows below `firstQueryBlock` stay empty (a decoder needs only the rows it is about to use).
 */
export function buildLayout(
  dims: LayoutDims,
  fill: (h: number, qb: number, row: RowSink) => void,
  firstQueryBlock = 0,
): BlockLayout {
  const { block: b, queryBlocks: Qb, keyBlocks: Kb, heads } = dims;
  const bb = b * b;
  const budget = dims.memoryBudget ?? DEFAULT_MEMORY_BUDGET;
  // Refused from the predicted size before allocating: at N = 10¹² or b = 10⁶ these would
  // otherwise throw RangeError (issue 15, class 6).
  const refuse = (bytes: number, what: string) =>
    refuseOverBudget(
      bytes,
      budget,
      `sparse layout (${what})`,
      'use a larger block, fewer heads or a shorter sequence',
    );
  refuse(4 * (heads * Qb + 1) + 8 * Math.max(16, Qb * 4) + 4 * Kb, `${heads * Qb} block rows`);
  const rowPtr = new Int32Array(heads * Qb + 1);
  let cols = new Int32Array(Math.max(16, Qb * 4));
  let maskOf = new Int32Array(cols.length);
  let masks = new Uint8Array(0);
  let nnz = 0;
  let maskCount = 0;
  // Per row: slot[kb] is NONE, FULL, or the row-local index of a partial mask in `rowMasks`.
  const slot = new Int32Array(Kb).fill(NONE);
  const touched: number[] = [];
  // Token masks (b² bytes each) only when a pattern adds partial blocks.
  let rowMasks = new Uint8Array(0);
  let rowMaskCount = 0;
  const touch = (kb: number) => {
    if (slot[kb] === NONE) touched.push(kb);
  };
  const row: RowSink = {
    add(kb) {
      if (kb < 0 || kb >= Kb) return;
      touch(kb);
      slot[kb] = FULL;
    },
    addRange(lo, hi) {
      for (let kb = Math.max(0, lo); kb <= Math.min(Kb - 1, hi); kb++) row.add(kb);
    },
    addMask(kb, mask, off) {
      if (kb < 0 || kb >= Kb || slot[kb] === FULL) return;
      if (slot[kb] === NONE) {
        touched.push(kb);
        if ((rowMaskCount + 1) * bb > rowMasks.length) {
          const size = Math.max(bb * 4, rowMasks.length * 2);
          refuse(size + masks.length + 12 * cols.length, `${b}×${b} token masks`);
          const grown = new Uint8Array(size);
          grown.set(rowMasks);
          rowMasks = grown;
        }
        rowMasks.fill(0, rowMaskCount * bb, (rowMaskCount + 1) * bb);
        slot[kb] = rowMaskCount++;
      }
      const base = slot[kb] * bb;
      for (let t = 0; t < bb; t++) rowMasks[base + t] |= mask[off + t];
    },
    has: (kb) => kb >= 0 && kb < Kb && slot[kb] !== NONE,
    countUpTo(hi) {
      let n = 0;
      for (const kb of touched) if (kb <= hi) n++;
      return n;
    },
  };
  for (let h = 0; h < heads; h++) {
    for (let qb = 0; qb < Qb; qb++) {
      if (qb >= firstQueryBlock) fill(h, qb, row);
      touched.sort((x, y) => x - y);
      if (nnz + touched.length > cols.length) {
        const size = Math.max(cols.length * 2, nnz + touched.length);
        refuse(16 * size + masks.length + rowMasks.length, `${nnz} blocks`);
        cols = grow(cols, size);
        maskOf = grow(maskOf, size);
      }
      for (const kb of touched) {
        const s = slot[kb];
        let m = -1;
        if (s >= 0) {
          if ((maskCount + 1) * bb > masks.length) {
            const size = Math.max(bb * 8, masks.length * 2);
            refuse(
              size + masks.length + rowMasks.length + 12 * cols.length,
              `${b}×${b} token masks`,
            );
            const grown = new Uint8Array(size);
            grown.set(masks);
            masks = grown;
          }
          masks.set(rowMasks.subarray(s * bb, (s + 1) * bb), maskCount * bb);
          m = maskCount++;
        }
        cols[nnz] = kb;
        maskOf[nnz++] = m;
        slot[kb] = NONE;
      }
      touched.length = 0;
      rowMaskCount = 0;
      rowPtr[h * Qb + qb + 1] = nnz;
    }
  }
  return new BlockLayout(
    b,
    Qb,
    Kb,
    heads,
    rowPtr,
    cols.slice(0, nnz),
    maskOf.slice(0, nnz),
    masks.slice(0, maskCount * bb),
  );
}

function grow(a: Int32Array, size: number) {
  const out = new Int32Array(size);
  out.set(a);
  return out;
}
