/**
 * Bidirectional linear attention, per batch b and kv head: S = φ(K)ᵀV (m × Dv) and z = Σ φ(k)
 * over the real keys, then for every query head h of the group out = φ(Q)S / (φ(Q)·z), one
 * chunk of rows at a time on the GEMM tiles. Letters: b batch, h head, n length, d head dim,
 * m features.
 */
import type { ResolvedCall } from '@attnkit/core';
import type { Pieces } from '@attnkit/kernels';
import { assertFavorCall } from './favor-range.ts';
import { type FeatureContext, floorNormaliser, mapRows } from './feature-map.ts';
import { assertFeatureRange } from './feature-range.ts';
import { assertRowsFinite } from './finite-rows.ts';
import type { LinearIo } from './forward.ts';
import type { ScratchLayout } from './scratch.ts';

export function attendBidirectional(
  call: ResolvedCall,
  io: LinearIo,
  p: Pieces,
  fm: FeatureContext,
  lay: ScratchLayout,
  chunk: number,
  normEps: number,
): void {
  const k = fm.kernels;
  const { batch: B, heads: H, kvHeads: Hkv, queryLength: Nq, keyLength: Nk } = call.shape;
  const { headDim: D, valueDim: Dv } = call.shape;
  const m = fm.m;
  const group = H / Hkv;
  const ws = p.ws;
  const [qa, ka, va, oa] = [p.from(io.q), p.from(io.k), p.from(io.v), p.outArray(io.out)];
  // Input checks on the caller's arrays (offset 0), before any row is streamed.
  assertFavorCall(fm, io.q, 0, io.k, 0, call.shape);
  assertFeatureRange(fm, call.shape, call.keyLengths, io.q, 0, io.k, 0, io.v, 0);
  for (let b = 0; b < B; b++) {
    const len = call.keyLengths[b];
    for (let hk = 0; hk < Hkv; hk++) {
      ws.fill(0, lay.state, lay.z + m);
      const kBase = (b * Hkv + hk) * Nk * D;
      const vBase = (b * Hkv + hk) * Nk * Dv;
      for (let j0 = 0; j0 < len; j0 += chunk) {
        const rows = Math.min(chunk, len - j0);
        const kp = p.load(io.k, kBase + j0 * D, rows * D, lay.kSlot);
        const vp = p.load(io.v, vBase + j0 * Dv, rows * Dv, lay.vSlot);
        mapRows(fm, ka, kp, rows, ws, lay.fk, 'key');
        k.gemmTransA(ws, lay.fk, m, va, vp, Dv, ws, lay.state, Dv, m, rows, Dv);
        k.colSums(ws, lay.fk, m, rows, m, ws, lay.z);
      }
      for (let g = 0; g < group; g++) {
        const h = hk * group + g;
        const qBase = (b * H + h) * Nq * D;
        const oBase = (b * H + h) * Nq * Dv;
        for (let i0 = 0; i0 < Nq; i0 += chunk) {
          const rows = Math.min(chunk, Nq - i0);
          const qp = p.load(io.q, qBase + i0 * D, rows * D, lay.qSlot);
          const o = p.outSlot(io.out, oBase + i0 * Dv, rows * Dv, lay.outSlot);
          mapRows(fm, qa, qp, rows, ws, lay.fq, 'query');
          k.gemm(ws, lay.fq, m, ws, lay.state, Dv, oa, o, Dv, rows, m, Dv);
          ws.fill(0, lay.den, lay.den + rows);
          k.rowDots(ws, lay.fq, m, rows, m, ws, lay.z, ws, lay.den);
          floorNormaliser(ws, lay.den, rows, normEps);
          k.finalizeRows(oa, o, ws, lay.den, rows, Dv, oa, o);
          assertRowsFinite(oa, o, rows, Dv, b, h, i0);
          p.store(io.out, oBase + i0 * Dv, rows * Dv, lay.outSlot);
        }
      }
    }
  }
}
