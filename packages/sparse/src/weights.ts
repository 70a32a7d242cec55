import type { AttentionWeights, ResolvedCall } from '@attnkit/core';
import type { Kernels, Staged } from '@attnkit/kernels';
import type { BlockLayout } from './layout.ts';
import { atHead, newTileSpot, scoreBlock, visibleCols } from './tile.ts';

/**
 * The attention map the forward applies, as CSR rows [B, H, Nq, Nk]: per query block, one pass
 * finds each row's max and sum (the online softmax with an empty accumulator), a second pass
 * rescores the same tiles and writes p = exp(s − m) / l for every key the row may see. A row
 * with no visible key is empty. Stored entries = visible token pairs (≈ nnz blocks · b²).
 */
export function sparseWeights(
  kernels: Kernels,
  call: ResolvedCall,
  st: Staged,
  layout: BlockLayout,
): AttentionWeights {
  const { batch: B, heads: H, kvHeads: Hkv, queryLength: Nq, keyLength: Nk } = call.shape;
  const b = layout.block;
  const group = H / Hkv;
  const sOff = st.scratchOff;
  const mOff = sOff + b * b;
  const lOff = mOff + b;
  const s = st.scratch;
  const rowPtr = new Int32Array(B * H * Nq + 1);
  const cols: number[] = [];
  const values: number[] = [];
  const perRow: { c: number[]; v: number[] }[] = Array.from({ length: b }, () => ({
    c: [],
    v: [],
  }));
  const tile = newTileSpot(sOff);
  for (let bi = 0; bi < B; bi++) {
    const keyLength = call.keyLengths[bi];
    for (let h = 0; h < H; h++) {
      const hk = Math.floor(h / group);
      const row0 = layout.headIndex(h) * layout.queryBlocks;
      atHead(tile, call, st, bi, h, hk);
      for (let qb = 0; qb < layout.queryBlocks; qb++) {
        const i0 = qb * b;
        const rows = Math.min(b, Nq - i0);
        const first = layout.rowPtr[row0 + qb];
        const last = layout.rowPtr[row0 + qb + 1];
        s.fill(Number.NEGATIVE_INFINITY, mOff, mOff + rows);
        s.fill(0, lOff, lOff + rows);
        for (let pass = 0; pass < 2; pass++) {
          for (let p = first; p < last; p++) {
            const j0 = layout.colIdx[p] * b;
            const n = visibleCols(call, b, keyLength, i0, rows, j0);
            if (n === 0) break;
            Object.assign(tile, { i0, rows, j0, cols: n, entry: p });
            scoreBlock(kernels, call, st, layout, tile);
            if (pass === 0) {
              // dv = 0: only the running max and sum are kept.
              kernels.onlineSoftmax(s, sOff, rows, n, b, s, mOff, s, lOff, s, 0, 0);
              continue;
            }
            for (let r = 0; r < rows; r++) {
              const l = s[lOff + r];
              for (let c = 0; c < n; c++) {
                const x = s[sOff + r * b + c];
                if (x === Number.NEGATIVE_INFINITY || l === 0) continue;
                perRow[r].c.push(j0 + c);
                perRow[r].v.push(Math.exp(x - s[mOff + r]) / l);
              }
            }
          }
        }
        const rowBase = (bi * H + h) * Nq + i0;
        for (let r = 0; r < rows; r++) {
          for (let e = 0; e < perRow[r].c.length; e++) {
            cols.push(perRow[r].c[e]);
            values.push(perRow[r].v[e]);
          }
          perRow[r].c.length = 0;
          perRow[r].v.length = 0;
          rowPtr[rowBase + r + 1] = cols.length;
        }
      }
    }
  }
  return {
    kind: 'csr',
    shape: [B, H, Nq, Nk],
    rowPtr,
    colIdx: Int32Array.from(cols),
    values: Float32Array.from(values),
  };
}
