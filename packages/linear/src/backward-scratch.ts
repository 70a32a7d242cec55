/**
 * Scratch of a linear-attention backward call (offsets in floats): the forward's tiles, the
 * prefix state S, z and the suffix gradient state dS, dz (m × Dv and m each), the per-row
 * upstream G = dO / den and gz = −(dO·out) / den of one head (Nq × Dv and Nq), and chunk-sized
 * buffers for φ and dφ of queries and keys. O(N·Dv + m·Dv + c·(m + c)): no per-position state.
 */
export interface BackwardLayout {
  omegaT: number;
  ones: number;
  fq: number;
  fk: number;
  /** φ(Q)φ(K)ᵀ tile, then the tile T = G·Vᵀ + gz (c × c each). */
  a: number;
  t: number;
  state: number;
  z: number;
  dState: number;
  dz: number;
  den: number;
  g: number;
  gz: number;
  dfq: number;
  dfk: number;
  dx: number;
  tmp: number;
  total: number;
}

export function backwardLayout(
  favor: boolean,
  d: number,
  m: number,
  dv: number,
  chunk: number,
  queryLength: number,
  base = 0,
): BackwardLayout {
  const omegaT = base;
  const ones = omegaT + (favor ? d * m : 0);
  const fq = ones + chunk;
  const fk = fq + chunk * m;
  const a = fk + chunk * m;
  const t = a + chunk * chunk;
  const state = t + chunk * chunk;
  const z = state + m * dv;
  const dState = z + m;
  const dz = dState + m * dv;
  const den = dz + m;
  const g = den + chunk;
  const gz = g + queryLength * dv;
  const dfq = gz + queryLength;
  const dfk = dfq + chunk * m;
  const dx = dfk + chunk * m;
  const tmp = dx + chunk * d;
  const total = tmp + chunk * (d + 1) - base;
  return { omegaT, ones, fq, fk, a, t, state, z, dState, dz, den, g, gz, dfq, dfk, dx, tmp, total };
}
