/**
 * The three products of a dense layer y = x·W, W row-major [in, out]: forward, the input
 * gradient g·Wᵀ and the accumulated weight gradient xᵀ·g. Loops run i-k-j so the inner loop
 * streams a contiguous row (the same order as core's multi-head projections).
 */
import { type Floats, zerosLike } from '../floats.ts';

/** y [rows, out] = x [rows, in] · w [in, out] (+ bias [out]). */
export function matmul(
  x: Floats,
  rows: number,
  inDim: number,
  w: Floats,
  outDim: number,
  bias?: Floats,
): Floats {
  const y = zerosLike(x, rows * outDim);
  for (let r = 0; r < rows; r++) {
    const yRow = r * outDim;
    if (bias) for (let o = 0; o < outDim; o++) y[yRow + o] = bias[o];
    for (let c = 0; c < inDim; c++) {
      const a = x[r * inDim + c];
      if (a === 0) continue;
      const wRow = c * outDim;
      for (let o = 0; o < outDim; o++) y[yRow + o] += a * w[wRow + o];
    }
  }
  return y;
}

/** dx [rows, in] = g [rows, out] · wᵀ, w [in, out]. */
export function matmulTransB(
  g: Floats,
  rows: number,
  outDim: number,
  w: Floats,
  inDim: number,
): Floats {
  const dx = zerosLike(g, rows * inDim);
  for (let r = 0; r < rows; r++) {
    const gRow = r * outDim;
    for (let i = 0; i < inDim; i++) {
      const wRow = i * outDim;
      let s = 0;
      for (let o = 0; o < outDim; o++) s += g[gRow + o] * w[wRow + o];
      dx[r * inDim + i] = s;
    }
  }
  return dx;
}

/** dw [in, out] += xᵀ · g for x [rows, in], g [rows, out]; and dBias [out] += Σ_rows g. */
export function accumulateWeightGrad(
  x: Floats,
  rows: number,
  inDim: number,
  g: Floats,
  outDim: number,
  dw: Floats,
  dBias?: Floats,
): void {
  for (let r = 0; r < rows; r++) {
    const gRow = r * outDim;
    if (dBias) for (let o = 0; o < outDim; o++) dBias[o] += g[gRow + o];
    for (let i = 0; i < inDim; i++) {
      const a = x[r * inDim + i];
      if (a === 0) continue;
      const wRow = i * outDim;
      for (let o = 0; o < outDim; o++) dw[wRow + o] += a * g[gRow + o];
    }
  }
}
