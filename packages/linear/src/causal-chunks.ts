/**
 * Causal linear attention in chunked form (flash-linear-attention's `chunk` mode), per batch b
 * and head h. For a chunk of c queries: the keys every one of them sees are already folded into
 * the running state (S = Σ φ(k)ᵀv, z = Σ φ(k)), read with one GEMM; the keys only some of them
 * see form a c × c tile φ(Q_c)φ(K_c)ᵀ, zeroed above the causal diagonal (bottom-right aligned)
 * and applied to V like a score tile; then those keys are folded in. O(N·(c·m + m·Dv)).
 * Letters: b batch, h head, n length, d head dim, m features, c chunk.
 */
import type { ResolvedCall } from '@attnkit/core';
import type { Staged } from '@attnkit/kernels';
import { type FeatureContext, floorNormaliser, mapRows } from './feature-map.ts';
import type { ScratchLayout } from './scratch.ts';

const clamp = (x: number, hi: number) => Math.max(0, Math.min(hi, x));

export function attendCausal(
  call: ResolvedCall,
  st: Staged,
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
  const ws = st.scratch;
  for (let b = 0; b < B; b++) {
    const len = call.keyLengths[b];
    for (let h = 0; h < H; h++) {
      const hk = Math.floor(h / group);
      const kBase = st.kOff + (b * Hkv + hk) * Nk * D;
      const vBase = st.vOff + (b * Hkv + hk) * Nk * Dv;
      const qBase = st.qOff + (b * H + h) * Nq * D;
      const oBase = st.outOff + (b * H + h) * Nq * Dv;
      // Folds φ(K) rows already in fk (keys j0 … j0+rows) into S and z.
      const fold = (j0: number, rows: number) => {
        k.gemmTransA(ws, lay.fk, m, st.v, vBase + j0 * Dv, Dv, ws, lay.state, Dv, m, rows, Dv);
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
          mapRows(fm, st.k, kBase + j0 * D, n, ws, lay.fk, 'key');
          fold(j0, n);
        }
        const o = oBase + i0 * Dv;
        mapRows(fm, st.q, qBase + i0 * D, rows, ws, lay.fq, 'query');
        ws.fill(0, lay.den, lay.den + rows);
        if (lo > 0) {
          k.gemm(ws, lay.fq, m, ws, lay.state, Dv, st.out, o, Dv, rows, m, Dv);
          k.rowDots(ws, lay.fq, m, rows, m, ws, lay.z, ws, lay.den);
        }
        const nb = hi - lo;
        if (nb > 0) {
          mapRows(fm, st.k, kBase + lo * D, nb, ws, lay.fk, 'key');
          k.scoreTile(ws, lay.fq, ws, lay.fk, ws, lay.a, rows, nb, m, chunk, 1);
          k.zeroAboveBand(ws, lay.a, rows, nb, chunk, lo - i0, off);
          k.pvTile(ws, lay.a, rows, nb, chunk, st.v, vBase + lo * Dv, Dv, st.out, o);
          k.rowDots(ws, lay.a, chunk, rows, nb, ws, lay.ones, ws, lay.den);
          fold(lo, nb);
        }
        folded = Math.max(lo, hi);
        floorNormaliser(ws, lay.den, rows, normEps);
        k.finalizeRows(st.out, o, ws, lay.den, rows, Dv, st.out, o);
      }
    }
  }
}
