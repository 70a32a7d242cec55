import { type AttentionShape, headOffsets, type ResolvedCall, type Tensor } from '@attnkit/core';
import { type Kernels, pieces } from '@attnkit/kernels';
import type { BlockLayout } from './layout.ts';
import { newTileSpot, scoreBlock, visibleCols } from './tile.ts';

/** Scratch floats of one b×b tile with its running max and sum and a b×dv accumulator. */
export const tileScratch = (block: number, dv: number) => block * block + 2 * block + block * dv;

/** Key blocks kept in the workspace at once (direct-mapped by block index; see attendSparse). */
const CACHE = 32;

/**
 * Scratch floats one call needs: a b×b score tile, running max and sum, a b×Dv accumulator,
 * and the slots rows stream through: one query block, its output, CACHE key and value blocks.
 */
export const sparseScratch = (block: number, headDim: number, valueDim: number) =>
  block * block +
  2 * block +
  2 * block * valueDim +
  block * headDim +
  CACHE * block * (headDim + valueDim);

/** Bytes a forward call holds at its peak besides the layout: its output and the scratch. */
export const forwardBytes = (shape: AttentionShape, block: number) =>
  4 *
  (shape.batch * shape.heads * shape.queryLength * shape.valueDim +
    sparseScratch(block, shape.headDim, shape.valueDim));

/** The fast path: every head's listed blocks (attendSparse below), rows streamed through. */
export function forwardSparse(
  kernels: Kernels,
  call: ResolvedCall,
  q: Tensor,
  k: Tensor,
  v: Tensor,
  layout: BlockLayout,
): Tensor {
  const { batch: B, heads: H, queryLength: Nq, valueDim: Dv } = call.shape;
  const out = new Float32Array(B * H * Nq * Dv);
  attendSparse(kernels, call, q.data, k.data, v.data, out, layout);
  return { data: out, shape: [B, H, Nq, Dv] };
}

/**
 * Block-sparse attention (b h n d): for each head and query block, only the key blocks the
 * layout lists are scored, masked (token mask, causal, padding), folded into an online softmax
 * and multiplied by V; blocks wholly above the causal diagonal or in the padding are skipped.
 * Work is O(nnz blocks · b² · D) instead of O(N² · D). Rows stream through the kernels
 * (`pieces`): a query block and its output through one slot each, key and value blocks through
 * a direct-mapped cache of CACHE slots per kv head — a row's window blocks are mostly its
 * predecessor's and global blocks recur in every row — so a call holds its output and
 * O(CACHE·b·(D + Dv)) scratch, never a staged copy of q, k, v.
 */
export function attendSparse(
  kernels: Kernels,
  call: ResolvedCall,
  q: Float32Array,
  k: Float32Array,
  v: Float32Array,
  out: Float32Array,
  layout: BlockLayout,
): void {
  const {
    batch: B,
    heads: H,
    kvHeads: Hkv,
    queryLength: Nq,
    keyLength: Nk,
    headDim: D,
    valueDim: Dv,
  } = call.shape;
  const b = layout.block;
  const group = H / Hkv;
  const sOff = 0;
  const mOff = sOff + b * b;
  const lOff = mOff + b;
  const accOff = lOff + b;
  const qSlot = accOff + b * Dv;
  const oSlot = qSlot + b * D;
  const kSlots = oSlot + b * Dv;
  const vSlots = kSlots + CACHE * b * D;
  const p = pieces(kernels, sparseScratch(b, D, Dv));
  const s = p.ws;
  const [va, oa] = [p.from(v), p.outArray(out)];
  const src = { q: p.from(q), k: p.from(k), scratch: s };
  const tag = new Int32Array(CACHE);
  const kAt = new Float64Array(CACHE);
  const vAt = new Float64Array(CACHE);
  const tile = newTileSpot(sOff);
  for (let bi = 0; bi < B; bi++) {
    const keyLength = call.keyLengths[bi];
    for (let h = 0; h < H; h++) {
      const { q: qHead, k: kHead, v: vHead, o: oHead } = headOffsets(call.shape, bi, h);
      if (h % group === 0) tag.fill(-1); // a new kv head: the cached k, v rows are stale
      const row0 = layout.headIndex(h) * layout.queryBlocks;
      tile.batch = bi;
      tile.head = h;
      for (let qb = 0; qb < layout.queryBlocks; qb++) {
        const i0 = qb * b;
        const rows = Math.min(b, Nq - i0);
        // scoreBlock reads row i of the head at qHead + i·D: the slot holds rows i0 … i0+rows.
        tile.qHead = p.load(q, qHead + i0 * D, rows * D, qSlot) - i0 * D;
        s.fill(Number.NEGATIVE_INFINITY, mOff, mOff + rows);
        s.fill(0, lOff, lOff + rows);
        s.fill(0, accOff, accOff + rows * Dv);
        for (let e = layout.rowPtr[row0 + qb]; e < layout.rowPtr[row0 + qb + 1]; e++) {
          const jb = layout.colIdx[e];
          const j0 = jb * b;
          const cols = visibleCols(call, b, keyLength, i0, rows, j0);
          // Sorted row: once a block is hidden by padding or causal, so are all later ones.
          if (cols === 0) break;
          const slot = jb % CACHE;
          if (tag[slot] !== jb) {
            const n = Math.min(b, Nk - j0);
            kAt[slot] = p.load(k, kHead + j0 * D, n * D, kSlots + slot * b * D);
            vAt[slot] = p.load(v, vHead + j0 * Dv, n * Dv, vSlots + slot * b * Dv);
            tag[slot] = jb;
          }
          tile.kHead = kAt[slot] - j0 * D;
          tile.i0 = i0;
          tile.rows = rows;
          tile.j0 = j0;
          tile.cols = cols;
          tile.entry = e;
          scoreBlock(kernels, call, src, layout, tile);
          kernels.onlineSoftmax(s, sOff, rows, cols, b, s, mOff, s, lOff, s, accOff, Dv);
          kernels.pvTile(s, sOff, rows, cols, b, va, vAt[slot], Dv, s, accOff);
        }
        // Rows whose keys were all hidden keep l = 0 and come out as zeros.
        const o = p.outSlot(out, oHead + i0 * Dv, rows * Dv, oSlot);
        kernels.finalizeRows(s, accOff, s, lOff, rows, Dv, oa, o);
        p.store(out, oHead + i0 * Dv, rows * Dv, oSlot);
      }
    }
  }
}
