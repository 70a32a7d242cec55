/**
 * The row-wise steps of the linear backward, as small functions so V8 optimises each on its
 * own (inlined in the long chunk loop they stayed in the baseline tier: ≈ 10× slower).
 */

/**
 * For `rows` rows: acc holds φ(q)·S (unnormalised out), den φ(q)·z. Turns acc into
 * G = dO / den and writes gz = −(dO·out) / den; rows floored at ε get gz = 0, rows with den = 0
 * get zeros.
 */
export function upstreamRows(
  acc: Float32Array,
  accOff: number,
  den: Float32Array,
  denOff: number,
  dOut: Float32Array,
  dOutOff: number,
  gz: Float32Array,
  gzOff: number,
  rows: number,
  dv: number,
  eps: number,
): void {
  for (let r = 0; r < rows; r++) {
    const d = den[denOff + r];
    const a = accOff + r * dv;
    const g = dOutOff + r * dv;
    if (!(d > 0)) {
      acc.fill(0, a, a + dv);
      gz[gzOff + r] = 0;
      continue;
    }
    const floored = d < eps;
    const dc = floored ? eps : d;
    let dot = 0;
    for (let t = 0; t < dv; t++) {
      dot += dOut[g + t] * acc[a + t];
      acc[a + t] = dOut[g + t] / dc;
    }
    gz[gzOff + r] = floored ? 0 : -dot / (dc * dc);
  }
}

/** M[r, c] += u[r] · w[c] for r < rows, c < cols (row stride ld); u = null adds w to every row. */
export function addOuter(
  m: Float32Array,
  mOff: number,
  rows: number,
  cols: number,
  ld: number,
  u: Float32Array | null,
  uOff: number,
  w: Float32Array,
  wOff: number,
): void {
  for (let r = 0; r < rows; r++) {
    const x = u ? u[uOff + r] : 1;
    if (x === 0) continue;
    const o = mOff + r * ld;
    for (let c = 0; c < cols; c++) m[o + c] += x * w[wOff + c];
  }
}

/** M[r, c] += u[r] for r < rows, c < cols (row stride ld). */
export function addRowScalars(
  m: Float32Array,
  mOff: number,
  rows: number,
  cols: number,
  ld: number,
  u: Float32Array,
  uOff: number,
): void {
  for (let r = 0; r < rows; r++) {
    const x = u[uOff + r];
    const o = mOff + r * ld;
    for (let c = 0; c < cols; c++) m[o + c] += x;
  }
}

/** dst[i] += src[i] for n floats. */
export function addInto(
  dst: Float32Array,
  dstOff: number,
  src: Float32Array,
  srcOff: number,
  n: number,
) {
  for (let i = 0; i < n; i++) dst[dstOff + i] += src[srcOff + i];
}
