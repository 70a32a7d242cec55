/**
 * Causal linear attention in chunked form (flash-linear-attention's `chunk` mode), per batch b
 * and head h. For a chunk of c queries: the keys every one of them sees are already folded into
 * the running state (S = Σ φ(k)ᵀv, z = Σ φ(k)), read with one GEMM; the keys only some of them
 * see form a c × c tile φ(Q_c)φ(K_c)ᵀ, zeroed above the causal diagonal (bottom-right aligned)
 * and applied to V like a score tile; then those keys are folded in. O(N·(c·m + m·Dv)).
 * Letters: b batch, h head, n length, d head dim, m features, c chunk.
 */
import type { ResolvedCall } from '@attnkit/core';
import type { Pieces } from '@attnkit/kernels';
import { assertFavorCall } from './favor-range.ts';
import { type FeatureContext, floorNormaliser, mapRows } from './feature-map.ts';
import { assertFeatureRange } from './feature-range.ts';
import { assertRowsFinite } from './finite-rows.ts';
import type { LinearIo } from './forward.ts';
import type { ScratchLayout } from './scratch.ts';

const clamp = (x: number, hi: number) => Math.max(0, Math.min(hi, x));

export function attendCausal(
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
  const off = call.causalOffset;
  const ws = p.ws;
  const [qa, ka, va, oa] = [p.from(io.q), p.from(io.k), p.from(io.v), p.outArray(io.out)];
  // Input checks on the caller's arrays (offset 0), before any row is streamed.
  assertFavorCall(fm, io.q, 0, io.k, 0, call.shape);
  assertFeatureRange(fm, call.shape, call.keyLengths, io.q, 0, io.k, 0, io.v, 0);
  for (let b = 0; b < B; b++) {
    const len = call.keyLengths[b];
    for (let h = 0; h < H; h++) {
      const hk = Math.floor(h / group);
      const kBase = (b * Hkv + hk) * Nk * D;
      const vBase = (b * Hkv + hk) * Nk * Dv;
      const qBase = (b * H + h) * Nq * D;
      const oBase = (b * H + h) * Nq * Dv;
      // Keys j0 … j0+rows: φ(K) into fk, V where the kernels read it (returns its offset).
      const mapKeys = (j0: number, rows: number) => {
        mapRows(fm, ka, p.load(io.k, kBase + j0 * D, rows * D, lay.kSlot), rows, ws, lay.fk, 'key');
        return p.load(io.v, vBase + j0 * Dv, rows * Dv, lay.vSlot);
      };
      // Folds φ(K) rows in fk, with their V rows at vp, into S and z.
      const fold = (vp: number, rows: number) => {
        k.gemmTransA(ws, lay.fk, m, va, vp, Dv, ws, lay.state, Dv, m, rows, Dv);
        k.colSums(ws, lay.fk, m, rows, m, ws, lay.z);
      };
      ws.fill(0, lay.state, lay.z + m);
      let folded = 0;
      for (let i0 = 0; i0 < Nq; i0 += chunk) {
        const rows = Math.min(chunk, Nq - i0);
        const lo = clamp(i0 + off + 1, len); // every query of the chunk sees keys < lo
        const hi = clamp(i0 + rows + off, len); // some see keys in [lo, hi)
        for (let j0 = folded; j0 < lo; j0 += chunk) {
          const n = Math.min(chunk, lo - j0);
          fold(mapKeys(j0, n), n);
        }
        const o = p.outSlot(io.out, oBase + i0 * Dv, rows * Dv, lay.outSlot);
        const qp = p.load(io.q, qBase + i0 * D, rows * D, lay.qSlot);
        mapRows(fm, qa, qp, rows, ws, lay.fq, 'query');
        ws.fill(0, lay.den, lay.den + rows);
        if (lo > 0) {
          k.gemm(ws, lay.fq, m, ws, lay.state, Dv, oa, o, Dv, rows, m, Dv);
          k.rowDots(ws, lay.fq, m, rows, m, ws, lay.z, ws, lay.den);
        }
        const nb = hi - lo;
        if (nb > 0) {
          const vp = mapKeys(lo, nb);
          k.scoreTile(ws, lay.fq, ws, lay.fk, ws, lay.a, rows, nb, m, chunk, 1);
          k.zeroAboveBand(ws, lay.a, rows, nb, chunk, lo - i0, off);
          k.pvTile(ws, lay.a, rows, nb, chunk, va, vp, Dv, oa, o);
          k.rowDots(ws, lay.a, chunk, rows, nb, ws, lay.ones, ws, lay.den);
          fold(vp, nb);
        }
        folded = Math.max(lo, hi);
        floorNormaliser(ws, lay.den, rows, normEps);
        k.finalizeRows(oa, o, ws, lay.den, rows, Dv, oa, o);
        assertRowsFinite(oa, o, rows, Dv, b, h, i0);
        p.store(io.out, oBase + i0 * Dv, rows * Dv, lay.outSlot);
      }
    }
  }
}
