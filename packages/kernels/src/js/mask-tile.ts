/** S[r, c] = −∞ where the byte mask is 0. */
export function maskTile(
  s: Float32Array,
  sOff: number,
  rows: number,
  cols: number,
  ldS: number,
  mask: Uint8Array,
  mOff: number,
  ldM: number,
): void {
  for (let r = 0; r < rows; r++) {
    const so = sOff + r * ldS;
    const mo = mOff + r * ldM;
    for (let c = 0; c < cols; c++) if (mask[mo + c] === 0) s[so + c] = Number.NEGATIVE_INFINITY;
  }
}
