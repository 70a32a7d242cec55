/**
 * Scaling exponents: least squares of log(time) on log(N). Time at small N is dominated by
 * fixed overheads, so when at least three measured lengths are ≥ 1024 only those are fitted.
 */
export interface Point {
  n: number;
  ms: number;
}

export interface PowerFit {
  /** time ≈ exp(intercept) · N^exponent */
  exponent: number;
  intercept: number;
  r2: number;
  points: number;
  nMin: number;
  nMax: number;
}

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

export const predictMs = (fit: PowerFit, n: number) =>
  Math.exp(fit.intercept + fit.exponent * Math.log(n));
