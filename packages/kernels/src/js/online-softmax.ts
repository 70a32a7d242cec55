import type { KernelSignatures } from '../types.ts';

/**
 * One online-softmax step (Milakov & Gimelshein; FlashAttention): new max per row, rescale the
 * running sum and accumulator by exp(m_old − m_new), leave P = exp(S − m_new) in S.
 * A row still fully masked keeps m = −∞, l = 0 and P = 0.
 */
export const onlineSoftmax: KernelSignatures['onlineSoftmax'] = (
  s,
  sOff,
  rows,
  cols,
  ldS,
  m,
  mOff,
  l,
  lOff,
  acc,
  accOff,
  dv,
) => {
  for (let r = 0; r < rows; r++) {
    const so = sOff + r * ldS;
    const mOld = m[mOff + r];
    let mNew = mOld;
    for (let c = 0; c < cols; c++) if (s[so + c] > mNew) mNew = s[so + c];
    if (mNew === Number.NEGATIVE_INFINITY) {
      s.fill(0, so, so + cols);
      continue;
    }
    let sum = 0;
    for (let c = 0; c < cols; c++) {
      const e = Math.exp(s[so + c] - mNew);
      s[so + c] = e;
      sum += e;
    }
    if (mNew !== mOld) {
      const alpha = Math.exp(mOld - mNew); // 0 when mOld = −∞
      l[lOff + r] = l[lOff + r] * alpha + sum;
      const ao = accOff + r * dv;
      for (let t = 0; t < dv; t++) acc[ao + t] *= alpha;
      m[mOff + r] = mNew;
    } else {
      l[lOff + r] += sum;
    }
  }
};
