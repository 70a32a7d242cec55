import type { KernelSignatures } from '../types.ts';

/** out = acc / l row by row; a row with l = 0 (no visible key) is written as zeros, never NaN. */
export const finalizeRows: KernelSignatures['finalizeRows'] = (
  acc,
  accOff,
  l,
  lOff,
  rows,
  dv,
  out,
  outOff,
) => {
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
};
