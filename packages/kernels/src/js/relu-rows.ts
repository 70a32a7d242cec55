import type { KernelSignatures } from '../types.ts';

/** Linear attention's ReLU feature map on a block of rows: out = max(0, gain·x), gain = √scale. */
export const reluRows: KernelSignatures['reluRows'] = (
  x,
  xOff,
  ldX,
  rows,
  d,
  gain,
  out,
  outOff,
  ldOut,
) => {
  for (let r = 0; r < rows; r++) {
    const xo = xOff + r * ldX;
    const oo = outOff + r * ldOut;
    for (let t = 0; t < d; t++) {
      const y = gain * x[xo + t];
      out[oo + t] = Math.max(y, 0);
    }
  }
};
