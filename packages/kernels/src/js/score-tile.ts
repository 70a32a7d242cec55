import type { KernelSignatures } from '../types.ts';

/**
 * S = scale · Q Kᵀ for one tile. Four keys per pass so each q[t] load feeds four dot products.
 */
export const scoreTile: KernelSignatures['scoreTile'] = (
  q,
  qOff,
  k,
  kOff,
  s,
  sOff,
  rows,
  cols,
  depth,
  ldS,
  scale,
) => {
  const cols4 = cols - (cols % 4);
  for (let r = 0; r < rows; r++) {
    const qo = qOff + r * depth;
    const so = sOff + r * ldS;
    let c = 0;
    for (; c < cols4; c += 4) {
      const k0 = kOff + c * depth;
      const k1 = k0 + depth;
      const k2 = k1 + depth;
      const k3 = k2 + depth;
      let d0 = 0;
      let d1 = 0;
      let d2 = 0;
      let d3 = 0;
      for (let t = 0; t < depth; t++) {
        const x = q[qo + t];
        d0 += x * k[k0 + t];
        d1 += x * k[k1 + t];
        d2 += x * k[k2 + t];
        d3 += x * k[k3 + t];
      }
      s[so + c] = d0 * scale;
      s[so + c + 1] = d1 * scale;
      s[so + c + 2] = d2 * scale;
      s[so + c + 3] = d3 * scale;
    }
    for (; c < cols; c++) {
      const ko = kOff + c * depth;
      let d = 0;
      for (let t = 0; t < depth; t++) d += q[qo + t] * k[ko + t];
      s[so + c] = d * scale;
    }
  }
};
