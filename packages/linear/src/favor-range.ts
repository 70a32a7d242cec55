import { AttentionError } from '@attnkit/core';
import type { FeatureContext } from './feature-map.ts';

/**
 * FAVOR+'s features are exp(ω·x' − ‖x'‖²/2) with x' = √scale·x, computed in float32: the exponent
 * carries an absolute rounding error of about u·(|ω·x'| + ‖x'‖²/2) (u = 2^-24), and that error is
 * the feature's relative error. Past 2^14 the error reaches 1e-3 and the map is no longer the
 * naive form's; far past it (q near 1e19) the features are noise. Such rows are refused by name,
 * at O(rows·D) per call, rather than answered wrongly.
 */
export const FAVOR_EXPONENT_LIMIT = 2 ** 14;

function maxOmegaNorm(ctx: FeatureContext): number {
  const { d, m, omegaT, omegaTOff } = ctx;
  let max = 0;
  for (let r = 0; r < m; r++) {
    let s = 0;
    for (let t = 0; t < d; t++) s += omegaT[omegaTOff + t * m + r] ** 2;
    max = Math.max(max, s);
  }
  return Math.sqrt(max);
}

/** Checks rows [0, rows) of x (row stride d from xOff); `name(r)` names row r for the error. */
export function assertFavorRows(
  ctx: FeatureContext,
  x: Float32Array,
  xOff: number,
  rows: number,
  name: (r: number) => string,
): void {
  if (ctx.kind !== 'favor') return;
  const omega = maxOmegaNorm(ctx);
  const { d, scale } = ctx;
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let t = 0; t < d; t++) s += x[xOff + r * d + t] ** 2;
    const exponent = Math.sqrt(s) * omega + (scale * s) / 2;
    if (exponent > FAVOR_EXPONENT_LIMIT)
      throw new AttentionError(
        'NON_FINITE',
        name(r),
        `a FAVOR+ exponent |ω·x'| + ‖x'‖²/2 <= 2^14 (${FAVOR_EXPONENT_LIMIT}) that float32 carries to 1e-3`,
        exponent.toPrecision(3),
        'rescale q and k, or use featureMap elu or relu',
      );
  }
}

/** The whole call's q and k rows ([B, H, Nq, D] and [B, Hkv, Nk, D], staged). */
export function assertFavorCall(
  ctx: FeatureContext,
  q: Float32Array,
  qOff: number,
  k: Float32Array,
  kOff: number,
  shape: { batch: number; heads: number; kvHeads: number; queryLength: number; keyLength: number },
): void {
  const { batch: B, heads: H, kvHeads: Hkv, queryLength: Nq, keyLength: Nk } = shape;
  const at = (n: number, heads: number, r: number) =>
    `${Math.floor(r / (heads * n))}, ${Math.floor(r / n) % heads}, ${r % n}`;
  assertFavorRows(ctx, q, qOff, B * H * Nq, (r) => `q[${at(Nq, H, r)}] (query row)`);
  assertFavorRows(ctx, k, kOff, B * Hkv * Nk, (r) => `k[${at(Nk, Hkv, r)}] (key row)`);
}
