import { FLOAT32_SCORE_LIMIT } from '@attnkit/core';
import type { FeatureContext } from './feature-map.ts';

const TINY = 2 ** -60;

/** Largest of x[off, off + n), n >= 1, in four independent lanes (a max is exact in any order). */
function rowMax(x: Float32Array, off: number, n: number): number {
  let m0 = x[off];
  let m1 = m0;
  let m2 = m0;
  let m3 = m0;
  const end4 = off + (n & ~3);
  let p = off;
  for (; p < end4; p += 4) {
    if (x[p] > m0) m0 = x[p];
    if (x[p + 1] > m1) m1 = x[p + 1];
    if (x[p + 2] > m2) m2 = x[p + 2];
    if (x[p + 3] > m3) m3 = x[p + 3];
  }
  for (; p < off + n; p++) if (x[p] > m0) m0 = x[p];
  return Math.max(m0, m1, m2, m3);
}

/** Largest |x| of x[off, off + n), 0 when n = 0, in four lanes. */
function rowAbsMax(x: Float32Array, off: number, n: number): number {
  let m0 = 0;
  let m1 = 0;
  let m2 = 0;
  let m3 = 0;
  const end4 = off + (n & ~3);
  let p = off;
  for (; p < end4; p += 4) {
    m0 = Math.max(m0, Math.abs(x[p]));
    m1 = Math.max(m1, Math.abs(x[p + 1]));
    m2 = Math.max(m2, Math.abs(x[p + 2]));
    m3 = Math.max(m3, Math.abs(x[p + 3]));
  }
  for (; p < off + n; p++) m0 = Math.max(m0, Math.abs(x[p]));
  return Math.max(m0, m1, m2, m3);
}

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
      const y = root * rowMax(k, ko, D);
      const f = elu ? (y > 0 ? y + 1 : Math.exp(y)) : Math.max(y, 0);
      if (f !== 0 && f < TINY) return false;
      const vo = vOff + (bh * Nk + i) * Dv;
      const vMax = rowAbsMax(v, vo, Dv);
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
      const y = root * rowMax(q, qo, D);
      const f = elu ? (y > 0 ? y + 1 : Math.exp(y)) : Math.max(y, 0);
      if ((f !== 0 && f < TINY) || ctx.m * f * sums > FLOAT32_SCORE_LIMIT) return false;
    }
  }
  return true;
}
