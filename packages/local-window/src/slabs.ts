/**
 * Local-window attention streamed in slabs of SLAB queries (b h n d): a slab's queries and the
 * keys and values its band covers (SLAB + left + right rows) go through the kernels' `pieces`,
 * so a call holds its output and O(SLAB·(D + Dv)) scratch instead of staged copies of q, k, v.
 * Keys are copied (SLAB + left + right) / SLAB times — 1.13× for a 256 window — against
 * 2·(left + right + 1) flops per copied float. Used when the window is undilated, unbiased and
 * no wider than a slab; otherwise forward.ts stages the whole call.
 */
import type { AttentionOptions, ResolvedCall } from '@attnkit/core';
import type { Kernels } from '@attnkit/kernels';
import { pieces } from '@attnkit/kernels';
import { attendBandHead, bandTileFloats } from './band-head.ts';
import type { Band } from './config.ts';
import { bandLimits } from './geometry.ts';

const SLAB = 2048;

/** Whether a call runs in slabs (see above). */
export const slabbed = (band: Band, options: AttentionOptions | undefined): boolean =>
  band.dilation === 1 && options?.scoreBias === undefined && band.left + band.right <= SLAB;

/** Scratch floats of a slabbed call: the band tile and the q, k, v, output slots. */
export const slabScratch = (D: number, Dv: number, band: Band, block: number): number =>
  bandTileFloats(block, Dv) + SLAB * (D + Dv) + (SLAB + band.left + band.right) * (D + Dv);

export function attendSlabs(
  kernels: Kernels,
  call: ResolvedCall,
  q: Float32Array,
  k: Float32Array,
  v: Float32Array,
  out: Float32Array,
  band: Band,
  block: number,
): void {
  const { batch: B, heads: H, kvHeads: Hkv, queryLength: Nq, keyLength: Nk } = call.shape;
  const { headDim: D, valueDim: Dv } = call.shape;
  const group = H / Hkv;
  const [lo, hi] = bandLimits(band.left, band.right, call.causal);
  const tile = 0;
  const qSlot = bandTileFloats(block, Dv);
  const oSlot = qSlot + SLAB * D;
  const kSlot = oSlot + SLAB * Dv;
  const vSlot = kSlot + (SLAB + band.left + band.right) * D;
  const p = pieces(kernels, slabScratch(D, Dv, band, block));
  const [qa, ka, va, oa] = [p.from(q), p.from(k), p.from(v), p.outArray(out)];
  const offset = Nk - Nq; // query i sits at key position i + offset
  for (let b = 0; b < B; b++) {
    const keys = call.keyLengths[b];
    for (let hk = 0; hk < Hkv; hk++) {
      const kHead = (b * Hkv + hk) * Nk * D;
      const vHead = (b * Hkv + hk) * Nk * Dv;
      for (let s0 = 0; s0 < Nq; s0 += SLAB) {
        const rows = Math.min(SLAB, Nq - s0);
        const u0 = Math.min(keys, Math.max(0, s0 + offset + lo));
        const u1 = Math.max(u0, Math.min(keys, s0 + rows - 1 + offset + hi + 1));
        const kOff = p.load(k, kHead + u0 * D, (u1 - u0) * D, kSlot);
        const vOff = p.load(v, vHead + u0 * Dv, (u1 - u0) * Dv, vSlot);
        for (let h = hk * group; h < (hk + 1) * group; h++) {
          const oAt = (b * H + h) * Nq * Dv + s0 * Dv;
          const head = {
            q: qa,
            qOff: p.load(q, (b * H + h) * Nq * D + s0 * D, rows * D, qSlot),
            k: ka,
            kOff,
            v: va,
            vOff,
            out: oa,
            outOff: p.outSlot(out, oAt, rows * Dv, oSlot),
            queries: rows,
            keys: u1 - u0,
            offset: offset + s0 - u0,
            lo,
            hi,
            bias: null,
            b,
            h,
          };
          attendBandHead(kernels, head, D, Dv, call.scale, block, p.ws, tile);
          p.store(out, oAt, rows * Dv, oSlot);
        }
      }
    }
  }
}
