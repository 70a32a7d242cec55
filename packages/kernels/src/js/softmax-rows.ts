import type { KernelSignatures } from '../types.ts';

/** Row softmax in place; masked (−∞) entries → 0; a row with no finite entry → all 0. */
export const softmaxRows: KernelSignatures['softmaxRows'] = (s, sOff, rows, cols, ldS) => {
  for (let r = 0; r < rows; r++) {
    const so = sOff + r * ldS;
    let max = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < cols; c++) if (s[so + c] > max) max = s[so + c];
    if (max === Number.NEGATIVE_INFINITY) {
      s.fill(0, so, so + cols);
      continue;
    }
    let sum = 0;
    for (let c = 0; c < cols; c++) {
      const e = Math.exp(s[so + c] - max);
      s[so + c] = e;
      sum += e;
    }
    const inv = 1 / sum;
    for (let c = 0; c < cols; c++) s[so + c] *= inv;
  }
};
