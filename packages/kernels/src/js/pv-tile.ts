import type { KernelSignatures } from '../types.ts';

/** acc += P · V for one tile; four keys per pass so each acc row is loaded once per four keys. */
export const pvTile: KernelSignatures['pvTile'] = (
  p,
  pOff,
  rows,
  cols,
  ldP,
  v,
  vOff,
  dv,
  acc,
  accOff,
) => {
  const cols4 = cols - (cols % 4);
  for (let r = 0; r < rows; r++) {
    const po = pOff + r * ldP;
    const ao = accOff + r * dv;
    let c = 0;
    for (; c < cols4; c += 4) {
      const p0 = p[po + c];
      const p1 = p[po + c + 1];
      const p2 = p[po + c + 2];
      const p3 = p[po + c + 3];
      if (p0 === 0 && p1 === 0 && p2 === 0 && p3 === 0) continue;
      const v0 = vOff + c * dv;
      const v1 = v0 + dv;
      const v2 = v1 + dv;
      const v3 = v2 + dv;
      for (let t = 0; t < dv; t++)
        acc[ao + t] += p0 * v[v0 + t] + p1 * v[v1 + t] + p2 * v[v2 + t] + p3 * v[v3 + t];
    }
    for (; c < cols; c++) {
      const pc = p[po + c];
      if (pc === 0) continue;
      const vo = vOff + c * dv;
      for (let t = 0; t < dv; t++) acc[ao + t] += pc * v[vo + t];
    }
  }
};
