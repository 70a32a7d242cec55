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
  /** Slots of one piece (chunk rows) of q, k, v and the output, where wasm kernels read them. */
  qSlot: number;
  kSlot: number;
  vSlot: number;
  outSlot: number;
  total: number;
}

export function scratchLayout(
  favor: boolean,
  d: number,
  m: number,
  dv: number,
  chunk: number,
  causal: boolean,
): ScratchLayout {
  const omegaT = 0;
  const ones = omegaT + (favor ? d * m : 0);
  const fq = ones + chunk;
  const fk = fq + chunk * m;
  const a = fk + chunk * m;
  const state = a + (causal ? chunk * chunk : 0);
  const z = state + m * dv;
  const den = z + m;
  const qSlot = den + chunk;
  const kSlot = qSlot + chunk * d;
  const vSlot = kSlot + chunk * d;
  const outSlot = vSlot + chunk * dv;
  const total = outSlot + chunk * dv;
  return { omegaT, ones, fq, fk, a, state, z, den, qSlot, kSlot, vSlot, outSlot, total };
}
