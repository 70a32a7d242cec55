import type { ScoreBias } from '@attnkit/core';
import { applyScoreBias, type Kernels } from '@attnkit/kernels';

/** One head's band problem on contiguous rows; see geometry.ts for the unit positions. */
export interface BandHead {
  q: Float32Array;
  qOff: number;
  k: Float32Array;
  kOff: number;
  v: Float32Array;
  vOff: number;
  out: Float32Array;
  outOff: number;
  /** Rows in q and out, and visible (unpadded) rows in k and v. */
  queries: number;
  keys: number;
  /** Query s sits at unit position s + offset and sees key u iff lo <= u − (s + offset) <= hi. */
  offset: number;
  lo: number;
  hi: number;
  /** Undilated calls only (unit positions are then token positions): batch and head for the bias. */
  bias: ScoreBias | null;
  b: number;
  h: number;
}

/** Floats of tile scratch `attendBandHead` needs: scores, accumulator, running max and sum. */
export const bandTileFloats = (block: number, Dv: number) => block * (block + Dv + 2);

/**
 * Sliding-window attention of one head (n d), blocked: each block of `block` queries scores only
 * the key range its band covers, in tiles of `block` keys, folded with an online softmax.
 * Tiles that straddle a band edge are masked with maskBand; tiles inside the band are not.
 * Every output row is written (a row with no visible key gets zeros).
 */
export function attendBandHead(
  kernels: Kernels,
  x: BandHead,
  D: number,
  Dv: number,
  scale: number,
  block: number,
  ws: Float32Array,
  wsOff: number,
): void {
  const { queries, keys, offset, lo, hi } = x;
  const S = wsOff;
  const acc = S + block * block;
  const m = acc + block * Dv;
  const l = m + block;
  for (let s0 = 0; s0 < queries; s0 += block) {
    const rows = Math.min(block, queries - s0);
    const first = s0 + offset; // unit position of the block's first query
    const last = first + rows - 1;
    const uStart = Math.max(0, first + lo);
    const uEnd = Math.min(keys, last + hi + 1);
    ws.fill(Number.NEGATIVE_INFINITY, m, m + rows);
    ws.fill(0, l, l + rows);
    ws.fill(0, acc, acc + rows * Dv);
    for (let u0 = uStart; u0 < uEnd; u0 += block) {
      const cols = Math.min(block, uEnd - u0);
      kernels.scoreTile(
        x.q,
        x.qOff + s0 * D,
        x.k,
        x.kOff + u0 * D,
        ws,
        S,
        rows,
        cols,
        D,
        block,
        scale,
      );
      if (x.bias)
        applyScoreBias(kernels, x.bias, ws, S, rows, cols, block, x.b, x.h, s0, u0, offset);
      // Inside the band for every row of the block: no mask needed.
      const inside = u0 >= last + lo && u0 + cols - 1 <= first + hi;
      if (!inside) kernels.maskBand(ws, S, rows, cols, block, u0 - first, lo, hi);
      kernels.onlineSoftmax(ws, S, rows, cols, block, ws, m, ws, l, ws, acc, Dv);
      kernels.pvTile(ws, S, rows, cols, block, x.v, x.vOff + u0 * Dv, Dv, ws, acc);
    }
    kernels.finalizeRows(ws, acc, ws, l, rows, Dv, x.out, x.outOff + s0 * Dv);
  }
}
