import type { AttentionWeights, ResolvedCall } from '@attnkit/core';
import type { Kernels, Staged } from '@attnkit/kernels';
import type { BlockLayout } from './layout.ts';
import { atHead, newTileSpot, scoreBlock, visibleCols } from './tile.ts';

/** Bytes `sparseWeights` allocates for `pairs` predicted entries: row pointers, columns, values. */
export const sparseWeightsBytes = (rows: number, pairs: number) => 4 * (rows + 1) + 8 * pairs;

/**
 * The attention map the forward applies, as CSR rows [B, H, Nq, Nk]: per query block, one pass
 * finds each row's max and sum (the online softmax with an empty accumulator) and counts its
 * visible keys, a second pass rescores the same tiles and writes p = exp(s − m) / l straight
 * into typed arrays sized from `predictedPairs` (the cost's pair count), so no JS array grows
 * with the map. A row with no visible key is empty; a score bias of −∞ drops its entries.
 */
export function sparseWeights(
  kernels: Kernels,
  call: ResolvedCall,
  st: Staged,
  layout: BlockLayout,
  predictedPairs: number,
): AttentionWeights {
  const { batch: B, heads: H, queryLength: Nq, keyLength: Nk } = call.shape;
  const b = layout.block;
  const sOff = st.scratchOff;
  const mOff = sOff + b * b;
  const lOff = mOff + b;
  const s = st.scratch;
  const rowPtr = new Int32Array(B * H * Nq + 1);
  const colIdx = new Int32Array(predictedPairs);
  const values = new Float32Array(predictedPairs);
  const next = new Int32Array(b); // write position of each row of the block
  let nnz = 0;
  const tile = newTileSpot(sOff);
  for (let bi = 0; bi < B; bi++) {
    const keyLength = call.keyLengths[bi];
    for (let h = 0; h < H; h++) {
      const row0 = layout.headIndex(h) * layout.queryBlocks;
      atHead(tile, call, st, bi, h);
      for (let qb = 0; qb < layout.queryBlocks; qb++) {
        const i0 = qb * b;
        const rows = Math.min(b, Nq - i0);
        const first = layout.rowPtr[row0 + qb];
        const last = layout.rowPtr[row0 + qb + 1];
        const rowBase = (bi * H + h) * Nq + i0;
        s.fill(Number.NEGATIVE_INFINITY, mOff, mOff + rows);
        s.fill(0, lOff, lOff + rows);
        next.fill(0, 0, rows);
        for (let pass = 0; pass < 2; pass++) {
          for (let p = first; p < last; p++) {
            const j0 = layout.colIdx[p] * b;
            const n = visibleCols(call, b, keyLength, i0, rows, j0);
            if (n === 0) break;
            Object.assign(tile, { i0, rows, j0, cols: n, entry: p });
            scoreBlock(kernels, call, st, layout, tile);
            if (pass === 0) {
              for (let r = 0; r < rows; r++)
                for (let c = 0; c < n; c++)
                  if (s[sOff + r * b + c] !== Number.NEGATIVE_INFINITY) next[r]++;
              // dv = 0: only the running max and sum are kept.
              kernels.onlineSoftmax(s, sOff, rows, n, b, s, mOff, s, lOff, s, 0, 0);
              continue;
            }
            for (let r = 0; r < rows; r++) {
              const l = s[lOff + r];
              for (let c = 0; c < n; c++) {
                const x = s[sOff + r * b + c];
                if (x === Number.NEGATIVE_INFINITY || l === 0) continue;
                colIdx[next[r]] = j0 + c;
                values[next[r]++] = Math.exp(x - s[mOff + r]) / l;
              }
            }
          }
          if (pass === 0) {
            // Counts → each row's start; the prediction is an upper bound by construction.
            for (let r = 0; r < rows; r++) {
              const count = s[lOff + r] === 0 ? 0 : next[r];
              rowPtr[rowBase + r + 1] = rowPtr[rowBase + r] + count;
              next[r] = rowPtr[rowBase + r];
            }
            nnz = rowPtr[rowBase + rows];
            // An invariant, not an input error: the pair count bounds the finite scores.
            if (nnz > predictedPairs)
              throw new Error(
                `sparse weights: ${nnz} entries past the predicted ${predictedPairs}`,
              );
          }
        }
      }
    }
  }
  // Fewer entries than predicted only when a bias masked some: views, no copy.
  return {
    kind: 'csr',
    shape: [B, H, Nq, Nk],
    rowPtr,
    colIdx: nnz < predictedPairs ? colIdx.subarray(0, nnz) : colIdx,
    values: nnz < predictedPairs ? values.subarray(0, nnz) : values,
  };
}
