/**
 * What to run and what to skip, from cost() alone (b h n d). Quadratic or not is read from
 * how cost().flops grows from N = 4096 to 8192; a configuration is skipped when its forward is
 * predicted (flops ÷ the spec's measured GFLOP/s) to exceed the time budget, or when
 * cost().peakBytes plus the inputs exceed the memory budget. Skips carry the reason and the
 * prediction; nothing is dropped silently.
 */
import type { AttentionShape, AttentionVariant } from '@attnkit/core';

export const QUADRATIC_MAX = 16 * 1024;
export const SUBQUADRATIC_MAX = 256 * 1024;
export const FIRST_LENGTH = 512;

export interface ShapeDims {
  batch: number;
  heads: number;
  kvHeads: number;
  dim: number;
}

export const shapeAt = (dims: ShapeDims, n: number): AttentionShape => ({
  batch: dims.batch,
  heads: dims.heads,
  kvHeads: dims.kvHeads,
  queryLength: n,
  keyLength: n,
  headDim: dims.dim,
  valueDim: dims.dim,
});

/** Exponent of cost().flops in N between 4096 and 8192: 2 for dense, 1 for windowed/linear. */
export function flopsExponent(variant: AttentionVariant, dims: ShapeDims): number {
  const a = variant.cost(shapeAt(dims, 4096)).flops;
  const b = variant.cost(shapeAt(dims, 8192)).flops;
  return Math.log2(b / a);
}

export const isQuadratic = (variant: AttentionVariant, dims: ShapeDims) =>
  flopsExponent(variant, dims) > 1.5;

/** Powers of two from 512 up to 16K (quadratic) or 256K (sub-quadratic). */
export function defaultLengths(variant: AttentionVariant, dims: ShapeDims): number[] {
  const max = isQuadratic(variant, dims) ? QUADRATIC_MAX : SUBQUADRATIC_MAX;
  const out: number[] = [];
  for (let n = FIRST_LENGTH; n <= max; n *= 2) out.push(n);
  return out;
}

export const inputBytes = (shape: AttentionShape) =>
  4 *
  (shape.batch * shape.heads * shape.queryLength * shape.headDim +
    shape.batch * shape.kvHeads * shape.keyLength * (shape.headDim + shape.valueDim));

/** GFLOP/s per spec: the latest measurement (largest N so far) wins over the calibration. */
export class Throughput {
  private readonly rates = new Map<string, { gflops: number; n: number }>();

  observe(spec: string, n: number, flops: number, ms: number): void {
    if (!(ms > 0) || !(flops > 0)) return;
    const seen = this.rates.get(spec);
    if (!seen || n >= seen.n) this.rates.set(spec, { gflops: flops / (ms * 1e6), n });
  }

  gflops(spec: string): number | null {
    return this.rates.get(spec)?.gflops ?? null;
  }

  predictMs(spec: string, flops: number): number | null {
    const rate = this.gflops(spec);
    return rate ? flops / (rate * 1e6) : null;
  }
}

export interface Prediction {
  predictedMs: number | null;
  predictedPeakBytes: number;
  flops: number;
}

export interface Budgets {
  /** seconds */
  timeBudget: number;
  /** bytes */
  memoryBudget: number;
}

const MB = 2 ** 20;

/** Why a configuration is not run, or null. */
export function skipReason(p: Prediction, inputs: number, budgets: Budgets): string | null {
  const bytes = p.predictedPeakBytes + inputs;
  if (bytes > budgets.memoryBudget)
    return `memory: cost() predicts ${(p.predictedPeakBytes / MB).toFixed(1)} MB + ${(inputs / MB).toFixed(1)} MB inputs > budget ${(budgets.memoryBudget / MB).toFixed(0)} MB`;
  if (p.predictedMs !== null && p.predictedMs > budgets.timeBudget * 1000)
    return `time: predicted ${(p.predictedMs / 1000).toFixed(2)} s per forward (${(p.flops / 1e9).toFixed(2)} GFLOP from cost()) > budget ${budgets.timeBudget} s`;
  return null;
}

/**
 * Once the suite's wall-clock budget (s) cannot fit a configuration, it is skipped and says so.
 * A timed configuration costs about five forwards plus ~1.5 s of child process; a later workload
 * about two forwards (its gate and reference).
 */
export function suiteBudgetReason(
  startMs: number,
  budgetS: number,
  predictedMs: number | null,
  timed: boolean,
  nowMs = performance.now(),
): string | null {
  if (!(budgetS > 0)) return null;
  const elapsed = (nowMs - startMs) / 1000;
  const cost = ((predictedMs ?? 0) * (timed ? 5 : 2) + (timed ? 1500 : 0)) / 1000;
  if (elapsed + cost <= budgetS) return null;
  return `suite budget: ${elapsed.toFixed(0)} s used of ${budgetS} s, this configuration needs about ${cost.toFixed(1)} s more`;
}
