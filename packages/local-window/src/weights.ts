import { AttentionError, type AttentionWeights, type ResolvedCall } from '@attnkit/core';
import { applyScoreBias, type Kernels, stageCall } from '@attnkit/kernels';
import type { Band } from './config.ts';
import { dilateBias } from './dilated-bias.ts';
import { bandLimits, keysBelow, residueClass, unitRange } from './geometry.ts';

const MAX_ENTRIES = 2 ** 31 - 1; // Int32Array row pointers

/**
 * The band as sparse rows (b h i → j): row ((b·H) + h)·Nq + i lists the keys query i sees, in
 * ascending order, with their softmax weights. Each block of queries is scored against the key
 * range its band covers (block · (block + left + right) floats at most), masked to the band,
 * normalised, and each row's stretch copied out. Memory O(nnz + N·D), never Nq × Nk.
 */
export function bandWeights(
  kernels: Kernels,
  call: ResolvedCall,
  q: Float32Array,
  k: Float32Array,
  band: Band,
  block: number,
): AttentionWeights {
  const {
    batch: B,
    heads: H,
    kvHeads: Hkv,
    queryLength: Nq,
    keyLength: Nk,
    headDim: D,
  } = call.shape;
  const d = band.dilation;
  const group = H / Hkv;
  const [lo, hi] = bandLimits(band.left, band.right, call.causal);
  const classes = Array.from({ length: d }, (_, r) => residueClass(r, d, Nq, Nk));

  // Row lengths first, then prefix sums, so colIdx and values are allocated once at their size.
  const rowPtr = new Int32Array(B * H * Nq + 1);
  let nnz = 0;
  for (let b = 0; b < B; b++)
    for (let h = 0; h < H; h++)
      for (let r = 0; r < d; r++) {
        const c = classes[r];
        const keys = keysBelow(r, call.keyLengths[b], d);
        for (let s = 0; s < c.queries; s++) {
          const [first, end] = unitRange(s + c.offset, lo, hi, keys);
          rowPtr[(b * H + h) * Nq + c.firstQuery + s * d + 1] = end - first;
          nnz += end - first;
        }
      }
  if (nnz > MAX_ENTRIES) {
    throw new AttentionError(
      'MEMORY_BUDGET',
      'weights(q, k)',
      `at most ${MAX_ENTRIES} band entries (Int32 row pointers)`,
      `${nnz} entries`,
      'narrow the window or pass fewer heads',
    );
  }
  for (let row = 0; row < B * H * Nq; row++) rowPtr[row + 1] += rowPtr[row];
  const colIdx = new Int32Array(nnz);
  const values = new Float32Array(nnz);

  const nqMax = Math.ceil(Nq / d);
  const nkMax = Math.ceil(Nk / d);
  const width = Math.max(1, Math.min(nkMax, block + band.left + band.right));
  const st = stageCall(kernels, q, k, new Float32Array(0), 0, block * width + (nqMax + nkMax) * D);
  const ws = st.scratch;
  const S = st.scratchOff;
  const qG = S + block * width;
  const kG = qG + nqMax * D;
  const copy = (src: number, dst: number) => ws.copyWithin(dst, src, src + D);
  const load = (from: Float32Array, src: number, dst: number) =>
    from === ws ? copy(src, dst) : ws.set(from.subarray(src, src + D), dst);

  const callBias = call.scoreBias;
  const classBias = Array.from({ length: d }, (_, r) =>
    callBias ? dilateBias(callBias, d, r) : null,
  );
  for (let b = 0; b < B; b++)
    for (let hk = 0; hk < Hkv; hk++)
      for (let r = 0; r < d; r++) {
        const c = classes[r];
        const keys = keysBelow(r, call.keyLengths[b], d);
        const kHead = st.kOff + (b * Hkv + hk) * Nk * D;
        for (let u = 0; u < keys; u++) load(st.k, kHead + (r + u * d) * D, kG + u * D);
        for (let h = hk * group; h < (hk + 1) * group; h++) {
          const qHead = st.qOff + (b * H + h) * Nq * D;
          for (let s = 0; s < c.queries; s++)
            load(st.q, qHead + (c.firstQuery + s * d) * D, qG + s * D);
          for (let s0 = 0; s0 < c.queries; s0 += block) {
            const rows = Math.min(block, c.queries - s0);
            const at = s0 + c.offset;
            const uStart = Math.max(0, at + lo);
            const cols = Math.min(keys, at + rows - 1 + hi + 1) - uStart;
            if (cols <= 0) continue; // these rows see no key: empty rows
            kernels.scoreTile(
              ws,
              qG + s0 * D,
              ws,
              kG + uStart * D,
              ws,
              S,
              rows,
              cols,
              D,
              cols,
              call.scale,
            );
            // In class r's unit coordinates: the bias itself when undilated.
            const bias = classBias[r];
            if (bias)
              applyScoreBias(kernels, bias, ws, S, rows, cols, cols, b, h, s0, uStart, c.offset);
            kernels.maskBand(ws, S, rows, cols, cols, uStart - at, lo, hi);
            kernels.softmaxRows(ws, S, rows, cols, cols);
            for (let x = 0; x < rows; x++) {
              const [first, end] = unitRange(at + x, lo, hi, keys);
              let ptr = rowPtr[(b * H + h) * Nq + c.firstQuery + (s0 + x) * d];
              const from = S + x * cols + first - uStart;
              values.set(ws.subarray(from, from + end - first), ptr);
              for (let u = first; u < end; u++) colIdx[ptr++] = r + u * d;
            }
          }
        }
      }
  return { kind: 'csr', shape: [B, H, Nq, Nk], rowPtr, colIdx, values };
}
