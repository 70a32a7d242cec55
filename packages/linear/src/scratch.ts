/** Where each buffer of a linear-attention call sits in its scratch region (offsets in floats). */
export interface ScratchLayout {
  omegaT: number;
  ones: number;
  fq: number;
  fk: number;
  a: number;
  /** State S = Σ φ(k)ᵀv (m × Dv), immediately followed by z = Σ φ(k) (m). */
  state: number;
  z: number;
  den: number;
  total: number;
}

export function scratchLayout(
  favor: boolean,
  d: number,
  m: number,
  dv: number,
  chunk: number,
  causal: boolean,
  base = 0,
): ScratchLayout {
  const omegaT = base;
  const ones = omegaT + (favor ? d * m : 0);
  const fq = ones + chunk;
  const fk = fq + chunk * m;
  const a = fk + chunk * m;
  const state = a + (causal ? chunk * chunk : 0);
  const z = state + m * dv;
  const den = z + m;
  return { omegaT, ones, fq, fk, a, state, z, den, total: den + chunk - base };
}
