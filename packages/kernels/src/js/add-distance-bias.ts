import type { KernelSignatures } from '../types.ts';

/** ALiBi on a score tile: S[r, c] −= slope · |diag0 + c − r|, where diag0 = kPos(c = 0) − qPos(r = 0). */
export const addDistanceBias: KernelSignatures['addDistanceBias'] = (
  s,
  sOff,
  rows,
  cols,
  ldS,
  diag0,
  slope,
) => {
  for (let r = 0; r < rows; r++) {
    const so = sOff + r * ldS;
    const rel0 = diag0 - r;
    for (let c = 0; c < cols; c++) {
      const rel = rel0 + c;
      s[so + c] -= slope * (rel < 0 ? -rel : rel);
    }
  }
};
