/** out = acc / l row by row; a row with l = 0 (no visible key) is written as zeros, never NaN. */
export function finalizeRows(
  acc: Float32Array,
  accOff: number,
  l: Float32Array,
  lOff: number,
  rows: number,
  dv: number,
  out: Float32Array,
  outOff: number,
): void {
  for (let r = 0; r < rows; r++) {
    const sum = l[lOff + r];
    const ao = accOff + r * dv;
    const oo = outOff + r * dv;
    if (sum === 0) {
      out.fill(0, oo, oo + dv);
      continue;
    }
    const inv = 1 / sum;
    for (let t = 0; t < dv; t++) out[oo + t] = acc[ao + t] * inv;
  }
}
