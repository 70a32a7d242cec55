import type { ResolvedCall, Tensor } from '@attnkit/core';
import { type Kernels, type Staged, stagedForward } from '@attnkit/kernels';
import type { BlockLayout } from './layout.ts';
import { atHead, newTileSpot, scoreBlock, visibleCols } from './tile.ts';

/** Scratch floats one call needs: a b×b score tile, running max and sum, a b×Dv accumulator. */
export const sparseScratch = (block: number, valueDim: number) =>
  block * block + 2 * block + block * valueDim;

/** The fast path: q, k, v staged once, then every head's listed blocks (attendSparse below). */
export function forwardSparse(
  kernels: Kernels,
  call: ResolvedCall,
  q: Tensor,
  k: Tensor,
  v: Tensor,
  layout: BlockLayout,
): Tensor {
  const scratch = sparseScratch(layout.block, call.shape.valueDim);
  return stagedForward(kernels, call.shape, q, k, v, scratch, (st) =>
    attendSparse(kernels, call, st, layout),
  );
}

/**
 * Block-sparse attention (b h n d): for each head and query block, only the key blocks the
 * layout lists are scored, masked (token mask, causal, padding), folded into an online softmax
 * and multiplied by V; blocks wholly above the causal diagonal or in the padding are skipped.
 * Work is O(nnz blocks · b² · D) instead of O(N² · D).
 */
export function attendSparse(
  kernels: Kernels,
  call: ResolvedCall,
  st: Staged,
  layout: BlockLayout,
): void {
  const {
    batch: B,
    heads: H,
    kvHeads: Hkv,
    queryLength: Nq,
    keyLength: Nk,
    valueDim: Dv,
  } = call.shape;
  const b = layout.block;
  const group = H / Hkv;
  const sOff = st.scratchOff;
  const mOff = sOff + b * b;
  const lOff = mOff + b;
  const accOff = lOff + b;
  const s = st.scratch;
  const tile = newTileSpot(sOff);
  for (let bi = 0; bi < B; bi++) {
    const keyLength = call.keyLengths[bi];
    for (let h = 0; h < H; h++) {
      const hk = Math.floor(h / group);
      const vHead = st.vOff + (bi * Hkv + hk) * Nk * Dv;
      const oHead = st.outOff + (bi * H + h) * Nq * Dv;
      const row0 = layout.headIndex(h) * layout.queryBlocks;
      atHead(tile, call, st, bi, h, hk);
      for (let qb = 0; qb < layout.queryBlocks; qb++) {
        const i0 = qb * b;
        const rows = Math.min(b, Nq - i0);
        s.fill(Number.NEGATIVE_INFINITY, mOff, mOff + rows);
        s.fill(0, lOff, lOff + rows);
        s.fill(0, accOff, accOff + rows * Dv);
        for (let p = layout.rowPtr[row0 + qb]; p < layout.rowPtr[row0 + qb + 1]; p++) {
          const j0 = layout.colIdx[p] * b;
          const cols = visibleCols(call, b, keyLength, i0, rows, j0);
          // Sorted row: once a block is hidden by padding or causal, so are all later ones.
          if (cols === 0) break;
          tile.i0 = i0;
          tile.rows = rows;
          tile.j0 = j0;
          tile.cols = cols;
          tile.entry = p;
          scoreBlock(kernels, call, st, layout, tile);
          kernels.onlineSoftmax(s, sOff, rows, cols, b, s, mOff, s, lOff, s, accOff, Dv);
          kernels.pvTile(s, sOff, rows, cols, b, st.v, vHead + j0 * Dv, Dv, s, accOff);
        }
        // Rows whose keys were all hidden keep l = 0 and come out as zeros.
        kernels.finalizeRows(s, accOff, s, lOff, rows, Dv, st.out, oHead + i0 * Dv);
      }
    }
  }
}
