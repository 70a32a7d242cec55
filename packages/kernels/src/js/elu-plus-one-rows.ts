import type { KernelSignatures } from '../types.ts';

/**
 * Linear attention's elu+1 feature map on a block of rows: out = elu(gain·x) + 1, i.e.
 * gain·x + 1 above zero and exp(gain·x) below, so every feature is positive. `gain` is
 * √scale, which makes φ(q)·φ(k) a kernel of scale·q·k as softmax(scale·QKᵀ) expects.
 */
export const eluPlusOneRows: KernelSignatures['eluPlusOneRows'] = (
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
      out[oo + t] = y > 0 ? y + 1 : Math.exp(y);
    }
  }
};
