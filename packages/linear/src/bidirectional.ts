/**
 * Bidirectional linear attention, per batch b and kv head: S = φ(K)ᵀV (m × Dv) and z = Σ φ(k)
 * over the real keys, then for every query head h of the group out = φ(Q)S / (φ(Q)·z), one
 * chunk of rows at a time on the GEMM tiles. Letters: b batch, h head, n length, d head dim,
 * m features.
 */
import { headOffsets } from '@attnkit/core';
import { finishRows, foldKeys, type LinearPass, mapKeys, mapQueries } from './pass.ts';

export function attendBidirectional(x: LinearPass): void {
  const { call, io, p, fm, lay, chunk } = x;
  const k = fm.kernels;
  const { batch: B, heads: H, kvHeads: Hkv, queryLength: Nq, valueDim: Dv } = call.shape;
  const m = fm.m;
  const group = H / Hkv;
  const ws = p.ws;
  for (let b = 0; b < B; b++) {
    const len = call.keyLengths[b];
    for (let hk = 0; hk < Hkv; hk++) {
      ws.fill(0, lay.state, lay.z + m);
      const kv = headOffsets(call.shape, b, hk * group);
      for (let j0 = 0; j0 < len; j0 += chunk) {
        const rows = Math.min(chunk, len - j0);
        foldKeys(x, mapKeys(x, kv.k, kv.v, j0, rows), rows);
      }
      for (let g = 0; g < group; g++) {
        const h = hk * group + g;
        const { q: qBase, o: oBase } = headOffsets(call.shape, b, h);
        for (let i0 = 0; i0 < Nq; i0 += chunk) {
          const rows = Math.min(chunk, Nq - i0);
          mapQueries(x, qBase, i0, rows);
          const o = p.outSlot(io.out, oBase + i0 * Dv, rows * Dv, lay.outSlot);
          k.gemm(ws, lay.fq, m, ws, lay.state, Dv, x.oa, o, Dv, rows, m, Dv);
          ws.fill(0, lay.den, lay.den + rows);
          k.rowDots(ws, lay.fq, m, rows, m, ws, lay.z, ws, lay.den);
          finishRows(x, o, oBase, i0, rows, b, h);
        }
      }
    }
  }
}
