/**
 * The crossover length: the smallest N from which a candidate stays faster than a baseline.
 * Measured lengths both ran at decide first (log-log interpolation between the last slower and
 * the first faster length); failing that, the two power-law fits are solved for equal time and
 * the answer is labelled extrapolated.
 */
import { fitPowerLaw, type Point } from '../lib/fit.ts';

export interface Crossover {
  /** null: never faster in the measured range and the fits do not cross above it. */
  n: number | null;
  basis: 'measured' | 'below-range' | 'extrapolated' | 'none';
  /** Candidate time ÷ baseline time at the largest length both ran (< 1: candidate faster). */
  ratioAtLargest: number | null;
  largestCommonN: number | null;
}

export function findCrossover(candidate: readonly Point[], baseline: readonly Point[]): Crossover {
  const base = new Map(baseline.map((p) => [p.n, p.ms]));
  const common = candidate
    .filter((p) => base.has(p.n))
    .map((p) => ({ n: p.n, ratio: p.ms / (base.get(p.n) as number) }))
    .sort((a, b) => a.n - b.n);
  const last = common[common.length - 1];
  const summary = { ratioAtLargest: last?.ratio ?? null, largestCommonN: last?.n ?? null };
  let first = common.length;
  while (first > 0 && common[first - 1].ratio < 1) first--;
  if (first === 0 && common.length > 0) return { n: common[0].n, basis: 'below-range', ...summary };
  if (first < common.length) {
    const a = common[first - 1];
    const b = common[first];
    const ra = Math.log(a.ratio);
    const rb = Math.log(b.ratio);
    const t = ra / (ra - rb);
    const n = Math.exp(Math.log(a.n) + t * (Math.log(b.n) - Math.log(a.n)));
    return { n: Math.round(n), basis: 'measured', ...summary };
  }
  const fc = fitPowerLaw(candidate);
  const fb = fitPowerLaw(baseline);
  if (fc && fb && fc.exponent < fb.exponent) {
    const n = Math.exp((fc.intercept - fb.intercept) / (fb.exponent - fc.exponent));
    const above = Math.max(last?.n ?? 0, fc.nMin);
    if (Number.isFinite(n) && n > above)
      return { n: Math.round(n), basis: 'extrapolated', ...summary };
  }
  return { n: null, basis: 'none', ...summary };
}
