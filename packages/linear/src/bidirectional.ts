/**
 * Bidirectional linear attention, per batch b and kv head: S = φ(K)ᵀV (m × Dv) and z = Σ φ(k)
 * over the real keys, then for every query head h of the group out = φ(Q)S / (φ(Q)·z), one
 * chunk of rows at a time on the GEMM tiles. Letters: b batch, h head, n length, d head dim,
 * m features.
 */
import type { ResolvedCall } from '@attnkit/core';
import type { Staged } from '@attnkit/kernels';
import { type FeatureContext, floorNormaliser, mapRows } from './feature-map.ts';
import type { ScratchLayout } from './scratch.ts';

export function attendBidirectional(
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
  const ws = st.scratch;
  for (let b = 0; b < B; b++) {
    const len = call.keyLengths[b];
    for (let hk = 0; hk < Hkv; hk++) {
      ws.fill(0, lay.state, lay.z + m);
      const kBase = st.kOff + (b * Hkv + hk) * Nk * D;
      const vBase = st.vOff + (b * Hkv + hk) * Nk * Dv;
      for (let j0 = 0; j0 < len; j0 += chunk) {
        const rows = Math.min(chunk, len - j0);
        mapRows(fm, st.k, kBase + j0 * D, rows, ws, lay.fk, 'key');
        k.gemmTransA(ws, lay.fk, m, st.v, vBase + j0 * Dv, Dv, ws, lay.state, Dv, m, rows, Dv);
        k.colSums(ws, lay.fk, m, rows, m, ws, lay.z);
      }
      for (let g = 0; g < group; g++) {
        const h = hk * group + g;
        const qBase = st.qOff + (b * H + h) * Nq * D;
        const oBase = st.outOff + (b * H + h) * Nq * Dv;
        for (let i0 = 0; i0 < Nq; i0 += chunk) {
          const rows = Math.min(chunk, Nq - i0);
          const o = oBase + i0 * Dv;
          mapRows(fm, st.q, qBase + i0 * D, rows, ws, lay.fq, 'query');
          k.gemm(ws, lay.fq, m, ws, lay.state, Dv, st.out, o, Dv, rows, m, Dv);
          ws.fill(0, lay.den, lay.den + rows);
          k.rowDots(ws, lay.fq, m, rows, m, ws, lay.z, ws, lay.den);
          floorNormaliser(ws, lay.den, rows, normEps);
          k.finalizeRows(st.out, o, ws, lay.den, rows, Dv, st.out, o);
        }
      }
    }
  }
}
