import { FLOAT32_SCORE_LIMIT } from '@attnkit/core';
import type { FeatureContext } from './feature-map.ts';

const TINY = 2 ** -60;

/** The call's shape as assertFeatureRange reads it. */
export interface RangeShape {
  batch: number;
  heads: number;
  kvHeads: number;
  queryLength: number;
  keyLength: number;
  headDim: number;
  valueDim: number;
}

/**
 * True when assertFeatureRange would refuse nothing: the same float64 arithmetic in the same
 * order, as flat loops with no call, closure or allocation per row (this runs on every row of
 * every forward, where the per-row calls cost as much as the GEMMs). The overflow test moves to
 * the end of each head: the running sums only grow, so the final sum passes iff every prefix
 * does. On false the caller reruns the naming check, which throws the same error as always.
 */
export function featureRangeFits(
  ctx: FeatureContext,
  shape: RangeShape,
  keyLengths: Int32Array,
  q: Float32Array,
  qOff: number,
  k: Float32Array,
  kOff: number,
  v: Float32Array,
  vOff: number,
): boolean {
  const { batch: B, heads: H, kvHeads: Hkv, queryLength: Nq, keyLength: Nk } = shape;
  const { headDim: D, valueDim: Dv } = shape;
  const elu = ctx.kind === 'elu';
  const root = Math.sqrt(ctx.scale);
  const worst = new Float64Array(B * Hkv);
  for (let bh = 0; bh < B * Hkv; bh++) {
    let sumF = 0;
    let sumFV = 0;
    const len = keyLengths[Math.floor(bh / Hkv)];
    for (let i = 0; i < len; i++) {
      const ko = kOff + (bh * Nk + i) * D;
      let top = k[ko];
      for (let t = 1; t < D; t++) if (k[ko + t] > top) top = k[ko + t];
      const y = root * top;
      const f = elu ? (y > 0 ? y + 1 : Math.exp(y)) : Math.max(y, 0);
      if (f !== 0 && f < TINY) return false;
      const vo = vOff + (bh * Nk + i) * Dv;
      let vMax = 0;
      for (let t = 0; t < Dv; t++) {
        const a = Math.abs(v[vo + t]);
        if (a > vMax) vMax = a;
      }
      sumF += f;
      sumFV += f * vMax;
    }
    worst[bh] = Math.max(sumF, sumFV);
    if (worst[bh] > FLOAT32_SCORE_LIMIT) return false;
  }
  const group = H / Hkv;
  for (let bh = 0; bh < B * H; bh++) {
    const sums = worst[Math.floor(bh / H) * Hkv + Math.floor((bh % H) / group)];
    for (let i = 0; i < Nq; i++) {
      const qo = qOff + (bh * Nq + i) * D;
      let top = q[qo];
      for (let t = 1; t < D; t++) if (q[qo + t] > top) top = q[qo + t];
      const y = root * top;
      const f = elu ? (y > 0 ? y + 1 : Math.exp(y)) : Math.max(y, 0);
      if ((f !== 0 && f < TINY) || ctx.m * f * sums > FLOAT32_SCORE_LIMIT) return false;
    }
  }
  return true;
}
