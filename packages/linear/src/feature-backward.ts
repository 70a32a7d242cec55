/**
 * Gradients through the feature maps (n d → n m), for `rows` rows x with features φ = φ(x) and
 * upstream dφ: dx += ∂φ/∂x ᵀ dφ. With y = g·x, g = √scale:
 * - elu + 1: φ = y + 1 (y > 0) or e^y, so ∂φ/∂x = g·(1 or φ);
 * - relu: ∂φ/∂x = g·[y > 0];
 * - favor: φ_r = e^(g ω_r·x − g²|x|²/2 − shift) + floor, so with e_r = φ_r − floor,
 *   dx = g Σ_r dφ_r e_r ω_r − g² x Σ_r dφ_r e_r. The shift is a per-row max for queries (it
 *   cancels in the row's normalisation, so the output does not depend on it) and a constant for
 *   keys: both are constants here. The random directions ω are fixed (no gradient).
 */
import type { FeatureContext } from './feature-map.ts';

export function featureBackward(
  ctx: FeatureContext,
  x: Float32Array,
  xOff: number,
  rows: number,
  phi: Float32Array,
  phiOff: number,
  dphi: Float32Array,
  dphiOff: number,
  dx: Float32Array,
  dxOff: number,
  tmp: Float32Array,
  tmpOff: number,
  role: 'query' | 'key',
): void {
  const { d, m, scale } = ctx;
  const g = Math.sqrt(scale);
  if (ctx.kind !== 'favor') {
    const elu = ctx.kind === 'elu';
    for (let r = 0; r < rows; r++)
      for (let t = 0; t < d; t++) {
        const xi = x[xOff + r * d + t];
        const slope = xi > 0 ? 1 : elu ? phi[phiOff + r * m + t] : 0;
        dx[dxOff + r * d + t] += g * slope * dphi[dphiOff + r * m + t];
      }
    return;
  }
  const floor = role === 'key' ? ctx.floor : 0;
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    for (let c = 0; c < m; c++) {
      const w = dphi[dphiOff + r * m + c] * (phi[phiOff + r * m + c] - floor);
      dphi[dphiOff + r * m + c] = w;
      sum += w;
    }
    tmp[tmpOff + r] = sum;
  }
  // (dφ∘e)·(gω): ω is staged as omegaT = g·ωᵀ (d × m), whose rows are what scoreTile dots with.
  const prod = tmpOff + rows;
  ctx.kernels.scoreTile(dphi, dphiOff, ctx.omegaT, ctx.omegaTOff, tmp, prod, rows, d, m, d, 1);
  for (let r = 0; r < rows; r++) {
    const s = scale * tmp[tmpOff + r];
    for (let t = 0; t < d; t++)
      dx[dxOff + r * d + t] += tmp[prod + r * d + t] - s * x[xOff + r * d + t];
  }
}
