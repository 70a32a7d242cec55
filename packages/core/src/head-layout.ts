import type { Tensor } from './tensor.ts';

/** [rows, inDim] · [inDim, outDim]; plain loops (projections are O(N·d²), not the hot path). */
export function matmul(
  x: Float32Array,
  rows: number,
  inDim: number,
  w: Float32Array,
  outDim: number,
): Float32Array {
  const y = new Float32Array(rows * outDim);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < inDim; c++) {
      const a = x[r * inDim + c];
      if (a === 0) continue;
      const wRow = c * outDim;
      const yRow = r * outDim;
      for (let o = 0; o < outDim; o++) y[yRow + o] += a * w[wRow + o];
    }
  }
  return y;
}

/** [B·N, H·Dh] rows → [B, H, N, Dh] and back. */
export function splitHeads(x: Float32Array, B: number, N: number, H: number, Dh: number): Tensor {
  const out = new Float32Array(x.length);
  for (let b = 0; b < B; b++)
    for (let n = 0; n < N; n++)
      for (let h = 0; h < H; h++)
        out.set(
          x.subarray((b * N + n) * H * Dh + h * Dh, (b * N + n) * H * Dh + (h + 1) * Dh),
          ((b * H + h) * N + n) * Dh,
        );
  return { data: out, shape: [B, H, N, Dh] };
}

export function mergeHeads(t: Tensor): Float32Array {
  const [B, H, N, Dh] = t.shape;
  const out = new Float32Array(t.data.length);
  for (let b = 0; b < B; b++)
    for (let h = 0; h < H; h++)
      for (let n = 0; n < N; n++)
        out.set(
          t.data.subarray(((b * H + h) * N + n) * Dh, ((b * H + h) * N + n + 1) * Dh),
          (b * N + n) * H * Dh + h * Dh,
        );
  return out;
}
