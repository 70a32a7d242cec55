import type { ResolvedCall, Tensor } from '@attnkit/core';
import { type Kernels, type Staged, stagedForward } from '@attnkit/kernels';
import { attendBandHead, type BandHead, bandTileFloats } from './band-head.ts';
import type { Band } from './config.ts';
import { dilateBias } from './dilated-bias.ts';
import { bandLimits, keysBelow, residueClass } from './geometry.ts';
import { attendSlabs, slabbed } from './slabs.ts';

/**
 * Scratch floats of a forward call: one band tile, plus (dilation > 1) one residue class of
 * q, k, v and output gathered into contiguous rows.
 */
export function forwardScratch(
  Nq: number,
  Nk: number,
  D: number,
  Dv: number,
  band: Band,
  block: number,
): number {
  const tile = bandTileFloats(block, Dv);
  if (band.dilation === 1) return tile;
  const nq = Math.ceil(Nq / band.dilation);
  const nk = Math.ceil(Nk / band.dilation);
  return tile + nq * (D + Dv) + nk * (D + Dv);
}

/**
 * The fast path: streamed in slabs where the window allows (slabs.ts), else q, k, v staged once
 * and every head's band run in place (attendLocal below).
 */
export function forwardLocal(
  kernels: Kernels,
  call: ResolvedCall,
  q: Tensor,
  k: Tensor,
  v: Tensor,
  band: Band,
  block: number,
): Tensor {
  const { queryLength: Nq, keyLength: Nk, headDim: D, valueDim: Dv } = call.shape;
  if (slabbed(band, call.scoreBias ? { scoreBias: call.scoreBias } : undefined)) {
    const out = new Float32Array(call.shape.batch * call.shape.heads * Nq * Dv);
    attendSlabs(kernels, call, q.data, k.data, v.data, out, band, block);
    return { data: out, shape: [call.shape.batch, call.shape.heads, Nq, Dv] };
  }
  const scratch = forwardScratch(Nq, Nk, D, Dv, band, block);
  return stagedForward(kernels, call.shape, q, k, v, scratch, (st) =>
    attendLocal(kernels, call, st, band, block),
  );
}

/** Copies `width` floats; on wasm backends src and dst are the same workspace. */
function copyRow(src: Float32Array, from: number, dst: Float32Array, to: number, width: number) {
  if (src === dst) dst.copyWithin(to, from, from + width);
  else dst.set(src.subarray(from, from + width), to);
}

/**
 * `count` rows of `width` floats from src (rows `srcStride` floats apart) to dst (`dstStride`
 * apart): gathers a dilation class's strided rows into contiguous ones and scatters them back.
 */
function copyRows(
  src: Float32Array,
  srcOff: number,
  srcStride: number,
  dst: Float32Array,
  dstOff: number,
  dstStride: number,
  count: number,
  width: number,
): void {
  for (let s = 0; s < count; s++)
    copyRow(src, srcOff + s * srcStride, dst, dstOff + s * dstStride, width);
}

/**
 * Local-window attention over all heads (b h n d). Undilated, each head is one band problem
 * run in place on the staged arrays. Dilated (d > 1), the keys of each residue class r
 * (j = r + u·d) and the queries aligned with them are gathered into contiguous rows, so every
 * class is an undilated band over N/d tokens and no tile wastes work on skipped keys.
 */
export function attendLocal(
  kernels: Kernels,
  call: ResolvedCall,
  st: Staged,
  band: Band,
  block: number,
): void {
  const {
    batch: B,
    heads: H,
    kvHeads: Hkv,
    queryLength: Nq,
    keyLength: Nk,
    headDim: D,
    valueDim: Dv,
  } = call.shape;
  const d = band.dilation;
  const group = H / Hkv;
  const [lo, hi] = bandLimits(band.left, band.right, call.causal);
  const tile = st.scratchOff;
  const qG = tile + bandTileFloats(block, Dv);
  const oG = qG + Math.ceil(Nq / d) * D;
  const kG = oG + Math.ceil(Nq / d) * Dv;
  const vG = kG + Math.ceil(Nk / d) * D;
  const ws = st.scratch;
  // The bias in each residue class's unit coordinates (the bias itself when undilated).
  const bias = call.scoreBias;
  const classBias = Array.from({ length: d }, (_, r) => (bias ? dilateBias(bias, d, r) : null));
  for (let b = 0; b < B; b++) {
    const length = call.keyLengths[b];
    for (let hk = 0; hk < Hkv; hk++) {
      const kHead = st.kOff + (b * Hkv + hk) * Nk * D;
      const vHead = st.vOff + (b * Hkv + hk) * Nk * Dv;
      for (let r = 0; r < d; r++) {
        const cls = residueClass(r, d, Nq, Nk);
        const keys = keysBelow(r, length, d);
        if (d > 1) {
          copyRows(st.k, kHead + r * D, d * D, ws, kG, D, keys, D);
          copyRows(st.v, vHead + r * Dv, d * Dv, ws, vG, Dv, keys, Dv);
        }
        for (let h = hk * group; h < (hk + 1) * group; h++) {
          const qHead = st.qOff + (b * H + h) * Nq * D;
          const oHead = st.outOff + (b * H + h) * Nq * Dv;
          const head: BandHead =
            d === 1
              ? {
                  bias: classBias[r],
                  b,
                  h,
                  q: st.q,
                  qOff: qHead,
                  k: st.k,
                  kOff: kHead,
                  v: st.v,
                  vOff: vHead,
                  out: st.out,
                  outOff: oHead,
                  queries: cls.queries,
                  keys,
                  offset: cls.offset,
                  lo,
                  hi,
                }
              : {
                  bias: classBias[r],
                  b,
                  h,
                  q: ws,
                  qOff: qG,
                  k: ws,
                  kOff: kG,
                  v: ws,
                  vOff: vG,
                  out: ws,
                  outOff: oG,
                  queries: cls.queries,
                  keys,
                  offset: cls.offset,
                  lo,
                  hi,
                };
          if (d > 1) copyRows(st.q, qHead + cls.firstQuery * D, d * D, ws, qG, D, cls.queries, D);
          attendBandHead(kernels, head, D, Dv, call.scale, block, ws, tile);
          if (d > 1)
            copyRows(ws, oG, Dv, st.out, oHead + cls.firstQuery * Dv, d * Dv, cls.queries, Dv);
        }
      }
    }
  }
}
