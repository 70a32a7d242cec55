import type { KernelSignatures } from '../types.ts';

/** S[r, c] = −∞ where the byte mask is 0. */
export const maskTile: KernelSignatures['maskTile'] = (
  s,
  sOff,
  rows,
  cols,
  ldS,
  mask,
  mOff,
  ldM,
) => {
  for (let r = 0; r < rows; r++) {
    const so = sOff + r * ldS;
    const mo = mOff + r * ldM;
    for (let c = 0; c < cols; c++) if (mask[mo + c] === 0) s[so + c] = Number.NEGATIVE_INFINITY;
  }
};
