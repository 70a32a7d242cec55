/**
 * Linear attention's gradients (b h n d, m features, c chunk), bidirectional and causal in one
 * chunked prefix form, never a per-position state. With A_ij = φ(q_i)·φ(k_j) over the keys
 * query i sees, out_i = Σ_j A_ij v_j / den_i and den_i = Σ_j A_ij, the upstream per row is
 * G_i = dO_i / den_i and gz_i = −(dO_i·out_i) / den_i (0 where den_i was floored at ε), and
 *   dφ(q_i) = Σ_j (G_i·v_j + gz_i) φ(k_j),  dφ(k_j) = Σ_i (G_i·v_j + gz_i) φ(q_i),
 *   dv_j = Σ_i A_ij G_i.
 * Pass 1 walks query chunks forward with the prefix state S = Σ φ(k)ᵀv, z = Σ φ(k) (as the
 * forward), forms G and gz and dφ(Q) = G·Sᵀ + gz·zᵀ + the in-chunk tile. Pass 2 walks back with
 * the suffix state dS = Σ φ(q)ᵀG, dz = Σ φ(q)·gz of the chunks after: keys every later chunk
 * sees take dφ(k) = V·dSᵀ + dz and dv = φ(K)·dS, the keys only some rows of a chunk see take
 * the masked in-chunk tiles. Bidirectional is the case where every chunk sees all keys.
 */
import type { ResolvedCall } from '@attnkit/core';
import type { Slot } from '@attnkit/kernels';
import { addInto, addOuter, addRowScalars, upstreamRows } from './backward-rows.ts';
import type { BackwardLayout } from './backward-scratch.ts';
import { featureBackward } from './feature-backward.ts';
import { type FeatureContext, mapRows } from './feature-map.ts';

export interface LinearBackwardSlots {
  q: Slot;
  k: Slot;
  v: Slot;
  dOut: Slot;
  dq: Slot;
  dk: Slot;
  dv: Slot;
  ws: Float32Array;
}

const clamp = (x: number, hi: number) => Math.max(0, Math.min(hi, x));

export function linearBackward(
  call: ResolvedCall,
  x: LinearBackwardSlots,
  fm: FeatureContext,
  lay: BackwardLayout,
  chunk: number,
  normEps: number,
): void {
  const kk = fm.kernels;
  const { batch: B, heads: H, kvHeads: Hkv, queryLength: Nq, keyLength: Nk } = call.shape;
  const { headDim: D, valueDim: Dv } = call.shape;
  const m = fm.m;
  const ws = x.ws;
  const off = call.causalOffset;
  for (let b = 0; b < B; b++) {
    const len = call.keyLengths[b];
    // Keys [0, lo) are seen by every row of the chunk at i0, keys [lo, hi) by some of them.
    const lo = (i0: number) => (call.causal ? clamp(i0 + off + 1, len) : len);
    const hi = (i0: number, rows: number) => (call.causal ? clamp(i0 + rows + off, len) : len);
    for (let h = 0; h < H; h++) {
      const hk = Math.floor(h / (H / Hkv));
      const qB = (b * H + h) * Nq * D;
      const oB = (b * H + h) * Nq * Dv;
      const kB = (b * Hkv + hk) * Nk * D;
      const vB = (b * Hkv + hk) * Nk * Dv;
      const kRows = (j0: number, n: number) =>
        mapRows(fm, x.k.a, x.k.off + kB + j0 * D, n, ws, lay.fk, 'key');
      const qRows = (i0: number, n: number) =>
        mapRows(fm, x.q.a, x.q.off + qB + i0 * D, n, ws, lay.fq, 'query');
      // T[r, u] = G_r·v_u + gz_r over the chunk's partial keys [j0, j0 + nb), masked causally.
      const tTile = (i0: number, rows: number, j0: number, nb: number) => {
        kk.scoreTile(
          ws,
          lay.g + i0 * Dv,
          x.v.a,
          x.v.off + vB + j0 * Dv,
          ws,
          lay.t,
          rows,
          nb,
          Dv,
          chunk,
          1,
        );
        addRowScalars(ws, lay.t, rows, nb, chunk, ws, lay.gz + i0);
        kk.zeroAboveBand(ws, lay.t, rows, nb, chunk, j0 - i0, off);
      };
      // Pass 1: prefix state, G and gz, dφ(Q), dq.
      ws.fill(0, lay.state, lay.z + m);
      let folded = 0;
      for (let i0 = 0; i0 < Nq; i0 += chunk) {
        const rows = Math.min(chunk, Nq - i0);
        const l0 = lo(i0);
        const h0 = hi(i0, rows);
        for (let j0 = folded; j0 < l0; j0 += chunk) {
          const n = Math.min(chunk, l0 - j0);
          kRows(j0, n);
          kk.gemmTransA(
            ws,
            lay.fk,
            m,
            x.v.a,
            x.v.off + vB + j0 * Dv,
            Dv,
            ws,
            lay.state,
            Dv,
            m,
            n,
            Dv,
          );
          kk.gemmTransA(ws, lay.fk, m, ws, lay.ones, 1, ws, lay.z, 1, m, n, 1);
        }
        folded = Math.max(folded, l0);
        qRows(i0, rows);
        // out (unnormalised) into G's rows, den; then the in-chunk keys.
        const gRow = lay.g + i0 * Dv;
        ws.fill(0, gRow, gRow + rows * Dv);
        ws.fill(0, lay.den, lay.den + rows);
        kk.gemm(ws, lay.fq, m, ws, lay.state, Dv, ws, gRow, Dv, rows, m, Dv);
        kk.gemm(ws, lay.fq, m, ws, lay.z, 1, ws, lay.den, 1, rows, m, 1);
        const nb = h0 - l0;
        if (nb > 0) {
          kRows(l0, nb);
          kk.scoreTile(ws, lay.fq, ws, lay.fk, ws, lay.a, rows, nb, m, chunk, 1);
          kk.zeroAboveBand(ws, lay.a, rows, nb, chunk, l0 - i0, off);
          kk.pvTile(ws, lay.a, rows, nb, chunk, x.v.a, x.v.off + vB + l0 * Dv, Dv, ws, gRow);
          kk.pvTile(ws, lay.a, rows, nb, chunk, ws, lay.ones, 1, ws, lay.den);
        }
        const dOutRow = x.dOut.off + oB + i0 * Dv;
        upstreamRows(ws, gRow, ws, lay.den, x.dOut.a, dOutRow, ws, lay.gz + i0, rows, Dv, normEps);
        // dφ(Q) = G·Sᵀ + gz·zᵀ (+ T·φ(K) in the chunk).
        kk.scoreTile(ws, gRow, ws, lay.state, ws, lay.dfq, rows, m, Dv, m, 1);
        addOuter(ws, lay.dfq, rows, m, m, ws, lay.gz + i0, ws, lay.z);
        if (nb > 0) {
          tTile(i0, rows, l0, nb);
          kk.gemm(ws, lay.t, chunk, ws, lay.fk, m, ws, lay.dfq, m, rows, nb, m);
          kk.gemmTransA(
            ws,
            lay.fk,
            m,
            x.v.a,
            x.v.off + vB + l0 * Dv,
            Dv,
            ws,
            lay.state,
            Dv,
            m,
            nb,
            Dv,
          );
          kk.gemmTransA(ws, lay.fk, m, ws, lay.ones, 1, ws, lay.z, 1, m, nb, 1);
          folded = Math.max(folded, h0);
        }
        featureBackward(
          fm,
          x.q.a,
          x.q.off + qB + i0 * D,
          rows,
          ws,
          lay.fq,
          ws,
          lay.dfq,
          x.dq.a,
          x.dq.off + qB + i0 * D,
          ws,
          lay.tmp,
          'query',
        );
      }
      // Pass 2: suffix gradient state, dk and dv, last chunk first.
      ws.fill(0, lay.dState, lay.dz + m);
      const last = Math.floor((Nq - 1) / chunk) * chunk;
      let segEnd = Nq > 0 ? hi(last, Nq - last) : 0;
      for (let i0 = last; i0 >= -chunk; i0 -= chunk) {
        const first = i0 < 0;
        const rows = first ? 0 : Math.min(chunk, Nq - i0);
        const l0 = first ? 0 : lo(i0);
        const h0 = first ? 0 : hi(i0, rows);
        // Keys [l0, segEnd): every later chunk sees them (suffix state), chunk i0 some of them.
        if (!first) qRows(i0, rows);
        for (let j0 = l0; j0 < segEnd; j0 += chunk) {
          const n = Math.min(chunk, segEnd - j0);
          const vOff = x.v.off + vB + j0 * Dv;
          kRows(j0, n);
          kk.scoreTile(x.v.a, vOff, ws, lay.dState, ws, lay.dfk, n, m, Dv, m, 1);
          addOuter(ws, lay.dfk, n, m, m, null, 0, ws, lay.dz);
          kk.gemm(ws, lay.fk, m, ws, lay.dState, Dv, x.dv.a, x.dv.off + vB + j0 * Dv, Dv, n, m, Dv);
          const nb = Math.max(0, Math.min(n, h0 - j0));
          if (nb > 0) {
            // The chunk's own rows that see these keys: Tᵀ·φ(Q) into dφ(K), Aᵀ·G into dv.
            tTile(i0, rows, j0, nb);
            kk.gemmTransA(ws, lay.t, chunk, ws, lay.fq, m, ws, lay.dfk, m, nb, rows, m);
            kk.scoreTile(ws, lay.fq, ws, lay.fk, ws, lay.a, rows, nb, m, chunk, 1);
            kk.zeroAboveBand(ws, lay.a, rows, nb, chunk, j0 - i0, off);
            kk.gemmTransA(
              ws,
              lay.a,
              chunk,
              ws,
              lay.g + i0 * Dv,
              Dv,
              x.dv.a,
              x.dv.off + vB + j0 * Dv,
              Dv,
              nb,
              rows,
              Dv,
            );
          }
          ws.fill(0, lay.dx, lay.dx + n * D);
          featureBackward(
            fm,
            x.k.a,
            x.k.off + kB + j0 * D,
            n,
            ws,
            lay.fk,
            ws,
            lay.dfk,
            ws,
            lay.dx,
            ws,
            lay.tmp,
            'key',
          );
          addInto(x.dk.a, x.dk.off + kB + j0 * D, ws, lay.dx, n * D);
        }
        if (first) break;
        kk.gemmTransA(ws, lay.fq, m, ws, lay.g + i0 * Dv, Dv, ws, lay.dState, Dv, m, rows, Dv);
        kk.gemmTransA(ws, lay.fq, m, ws, lay.gz + i0, 1, ws, lay.dz, 1, m, rows, 1);
        segEnd = l0;
      }
    }
  }
}
