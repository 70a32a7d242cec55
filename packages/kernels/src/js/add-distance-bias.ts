/** ALiBi on a score tile: S[r, c] −= slope · |diag0 + c − r|, where diag0 = kPos(c = 0) − qPos(r = 0). */
export function addDistanceBias(
  s: Float32Array,
  sOff: number,
  rows: number,
  cols: number,
  ldS: number,
  diag0: number,
  slope: number,
): void {
  for (let r = 0; r < rows; r++) {
    const so = sOff + r * ldS;
    const rel0 = diag0 - r;
    for (let c = 0; c < cols; c++) {
      const rel = rel0 + c;
      s[so + c] -= slope * (rel < 0 ? -rel : rel);
    }
  }
}
