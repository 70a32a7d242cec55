import { AttentionError, FLOAT32_SCORE_LIMIT } from '@attnkit/core';
import type { FeatureContext } from './feature-map.ts';
import { featureRangeFits, type RangeShape } from './feature-range-screen.ts';

/**
 * elu+1 and ReLU features are elementwise, so their float32 range is known from the inputs at
 * O(N·D) in float64, before any work. With f = a row's largest feature (x' = √scale·x):
 * - overflow: z = Σ_j φ(k_j) and S = Σ_j φ(k_j)v_jᵀ are bounded by F = Σ_j f_j and
 *   FV = Σ_j f_j·max|v_j|, and a query's sums by m·f_i·max(F, FV): all must stay <= 2^126;
 * - underflow: normalising divides by φ(q)·z, so a row whose largest feature is below 2^-60
 *   (elu+1 of entries all below −41, or ReLU of subnormal ones) leaves float32 nothing but
 *   rounding to divide; such rows are refused. A ReLU row of no positive entry (f = 0) is fine:
 *   its output is zero by definition, as in the naive form.
 * FAVOR+ is checked by its exponent instead (favor-range.ts).
 */
const TINY = 2 ** -60;

function largestFeature(ctx: FeatureContext, x: Float32Array, off: number): number {
  // elu + 1 and ReLU increase with their argument (gain > 0): the largest feature is the map of
  // the largest coordinate, one exp per row instead of one per coordinate.
  let top = x[off];
  for (let t = 1; t < ctx.d; t++) if (x[off + t] > top) top = x[off + t];
  const y = Math.sqrt(ctx.scale) * top;
  return ctx.kind === 'elu' ? (y > 0 ? y + 1 : Math.exp(y)) : Math.max(y, 0);
}

/** `name` is built only when the row is refused: checks run on every row of every call. */
const refuse = (name: () => string, expected: string, got: string): never => {
  throw new AttentionError(
    'NON_FINITE',
    name(),
    expected,
    got,
    'rescale q, k or v, or options.scale',
  );
};

/** Running bounds over the keys given so far (one per kv head); a forward adds all its keys. */
export class FeatureRange {
  private readonly sumF: Float64Array;
  private readonly sumFV: Float64Array;
  constructor(
    private readonly ctx: FeatureContext,
    heads: number,
  ) {
    this.sumF = new Float64Array(heads);
    this.sumFV = new Float64Array(heads);
  }

  get active(): boolean {
    return this.ctx.kind !== 'favor';
  }

  addKey(
    head: number,
    k: Float32Array,
    kOff: number,
    v: Float32Array,
    vOff: number,
    dv: number,
    name: () => string,
  ): void {
    const f = largestFeature(this.ctx, k, kOff);
    if (f !== 0 && f < TINY)
      refuse(
        name,
        `a largest ${this.ctx.kind} feature of 0 or >= 2^-60 (float32 keeps its precision)`,
        f.toExponential(3),
      );
    let vMax = 0;
    for (let t = 0; t < dv; t++) vMax = Math.max(vMax, Math.abs(v[vOff + t]));
    this.sumF[head] += f;
    this.sumFV[head] += f * vMax;
    const worst = Math.max(this.sumF[head], this.sumFV[head]);
    if (worst > FLOAT32_SCORE_LIMIT)
      refuse(name, 'Σ φ(k) and Σ φ(k)·|v| within float32 (<= 2^126)', worst.toPrecision(3));
  }

  checkQuery(head: number, q: Float32Array, qOff: number, name: () => string): void {
    const f = largestFeature(this.ctx, q, qOff);
    if (f !== 0 && f < TINY)
      refuse(
        name,
        `a largest ${this.ctx.kind} feature of 0 or >= 2^-60 (float32 keeps its precision)`,
        f.toExponential(3),
      );
    const bound = this.ctx.m * f * Math.max(this.sumF[head], this.sumFV[head]);
    if (bound > FLOAT32_SCORE_LIMIT)
      refuse(name, 'φ(q)·Σ φ(k)v and φ(q)·Σ φ(k) within float32 (<= 2^126)', bound.toPrecision(3));
  }

  clone(): FeatureRange {
    const copy = new FeatureRange(this.ctx, this.sumF.length);
    copy.sumF.set(this.sumF);
    copy.sumFV.set(this.sumFV);
    return copy;
  }

  reset(): void {
    this.sumF.fill(0);
    this.sumFV.fill(0);
  }
}

/** The whole call: every real key of each kv head, then every query against its head's sums. */
export function assertFeatureRange(
  ctx: FeatureContext,
  shape: RangeShape,
  keyLengths: Int32Array,
  q: Float32Array,
  qOff: number,
  k: Float32Array,
  kOff: number,
  v: Float32Array,
  vOff: number,
): void {
  if (ctx.kind === 'favor') return;
  // The flat screen clears almost every call; only a refused one pays for the naming walk.
  if (featureRangeFits(ctx, shape, keyLengths, q, qOff, k, kOff, v, vOff)) return;
  const {
    batch: B,
    heads: H,
    kvHeads: Hkv,
    queryLength: Nq,
    keyLength: Nk,
    headDim: D,
    valueDim: Dv,
  } = shape;
  const range = new FeatureRange(ctx, B * Hkv);
  // One name builder per tensor, reading the loop's position only when a row is refused.
  let b = 0;
  let h = 0;
  let i = 0;
  const keyName = () => `k[${b}, ${h}, ${i}] (key row)`;
  const queryName = () => `q[${b}, ${h}, ${i}] (query row)`;
  for (b = 0; b < B; b++)
    for (h = 0; h < Hkv; h++)
      for (i = 0; i < keyLengths[b]; i++) {
        const r = (b * Hkv + h) * Nk + i;
        range.addKey(b * Hkv + h, k, kOff + r * D, v, vOff + r * Dv, Dv, keyName);
      }
  for (b = 0; b < B; b++)
    for (h = 0; h < H; h++)
      for (i = 0; i < Nq; i++)
        range.checkQuery(
          b * Hkv + Math.floor(h / (H / Hkv)),
          q,
          qOff + ((b * H + h) * Nq + i) * D,
          queryName,
        );
}
