/**
 * Causal linear attention in chunked form (flash-linear-attention's `chunk` mode), per batch b
 * and head h. For a chunk of c queries: the keys every one of them sees are already folded into
 * the running state (S = Σ φ(k)ᵀv, z = Σ φ(k)), read with one GEMM; the keys only some of them
 * see form a c × c tile φ(Q_c)φ(K_c)ᵀ, zeroed above the causal diagonal (bottom-right aligned)
 * and applied to V like a score tile; then those keys are folded in. O(N·(c·m + m·Dv)).
 * Letters: b batch, h head, n length, d head dim, m features, c chunk.
 */
import { headOffsets } from '@attnkit/core';
import { finishRows, foldKeys, type LinearPass, mapKeys, mapQueries } from './pass.ts';

const clamp = (x: number, hi: number) => Math.max(0, Math.min(hi, x));

export function attendCausal(x: LinearPass): void {
  const { call, io, p, fm, lay, chunk } = x;
  const k = fm.kernels;
  const { batch: B, heads: H, queryLength: Nq, valueDim: Dv } = call.shape;
  const m = fm.m;
  const off = call.causalOffset;
  const ws = p.ws;
  for (let b = 0; b < B; b++) {
    const len = call.keyLengths[b];
    for (let h = 0; h < H; h++) {
      const head = headOffsets(call.shape, b, h);
      ws.fill(0, lay.state, lay.z + m);
      let folded = 0;
      for (let i0 = 0; i0 < Nq; i0 += chunk) {
        const rows = Math.min(chunk, Nq - i0);
        const lo = clamp(i0 + off + 1, len); // every query of the chunk sees keys < lo
        const hi = clamp(i0 + rows + off, len); // some see keys in [lo, hi)
        for (let j0 = folded; j0 < lo; j0 += chunk) {
          const n = Math.min(chunk, lo - j0);
          foldKeys(x, mapKeys(x, head.k, head.v, j0, n), n);
        }
        const o = p.outSlot(io.out, head.o + i0 * Dv, rows * Dv, lay.outSlot);
        mapQueries(x, head.q, i0, rows);
        ws.fill(0, lay.den, lay.den + rows);
        if (lo > 0) {
          k.gemm(ws, lay.fq, m, ws, lay.state, Dv, x.oa, o, Dv, rows, m, Dv);
          k.rowDots(ws, lay.fq, m, rows, m, ws, lay.z, ws, lay.den);
        }
        const nb = hi - lo;
        if (nb > 0) {
          const vp = mapKeys(x, head.k, head.v, lo, nb);
          k.scoreTile(ws, lay.fq, ws, lay.fk, ws, lay.a, rows, nb, m, chunk, 1);
          k.zeroAboveBand(ws, lay.a, rows, nb, chunk, lo - i0, off);
          k.pvTile(ws, lay.a, rows, nb, chunk, x.va, vp, Dv, x.oa, o);
          k.rowDots(ws, lay.a, chunk, rows, nb, ws, lay.ones, ws, lay.den);
          foldKeys(x, vp, nb);
        }
        folded = Math.max(lo, hi);
        finishRows(x, o, head.o, i0, rows, b, h);
      }
    }
  }
}
