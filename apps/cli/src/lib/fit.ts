/**
 * Scaling exponents: least squares of log(time) on log(N). Time at small N is dominated by
 * fixed overheads, so when at least three measured lengths are ≥ 1024 only those are fitted.
 */

/** One measured length: N and its median time. */
export interface Point {
  /** Sequence length. */
  n: number;
  /** Median time of one call, ms. */
  ms: number;
}

/** A fitted scaling law and what it was fitted on, so a report can say how far to trust it. */
export interface PowerFit {
  /** time ≈ exp(intercept) · N^exponent */
  exponent: number;
  /** log of the constant factor, in log-ms. */
  intercept: number;
  /** Coefficient of determination in log-log space. */
  r2: number;
  /** Points fitted. */
  points: number;
  /** Smallest N fitted. */
  nMin: number;
  /** Largest N fitted. */
  nMax: number;
}

/** Lengths below this are left out of a fit when enough longer ones exist (fixed overheads dominate them). */
export const FIT_FROM_N = 1024;

/** Least squares of log y on log x: y ≈ exp(intercept) · x^exponent, with r². Needs 2 distinct x. */
export function logLogFit(
  xs: readonly number[],
  ys: readonly number[],
): { exponent: number; intercept: number; r2: number } {
  const lx = xs.map(Math.log);
  const ly = ys.map(Math.log);
  const mx = lx.reduce((a, b) => a + b, 0) / lx.length;
  const my = ly.reduce((a, b) => a + b, 0) / ly.length;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < lx.length; i++) {
    sxy += (lx[i] - mx) * (ly[i] - my);
    sxx += (lx[i] - mx) ** 2;
    syy += (ly[i] - my) ** 2;
  }
  const exponent = sxy / sxx;
  return { exponent, intercept: my - exponent * mx, r2: syy === 0 ? 1 : (sxy * sxy) / (sxx * syy) };
}

/** The exponent k of y ∝ x^k over every point. */
export const logLogSlope = (xs: readonly number[], ys: readonly number[]): number =>
  logLogFit(xs, ys).exponent;

/** Log-log least squares of time on N; null with fewer than two distinct positive points. */
export function fitPowerLaw(points: readonly Point[]): PowerFit | null {
  const usable = points.filter((p) => p.n > 0 && p.ms > 0 && Number.isFinite(p.ms));
  const large = usable.filter((p) => p.n >= FIT_FROM_N);
  const chosen = large.length >= 3 ? large : usable;
  const ns = chosen.map((p) => p.n);
  if (new Set(ns).size < 2) return null;
  return {
    ...logLogFit(
      ns,
      chosen.map((p) => p.ms),
    ),
    points: chosen.length,
    nMin: Math.min(...ns),
    nMax: Math.max(...ns),
  };
}

/** The fit's time at length n, ms: extrapolates beyond nMax, which reports must say. */
export const predictMs = (fit: PowerFit, n: number) =>
  Math.exp(fit.intercept + fit.exponent * Math.log(n));
