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

/** Log-log least squares; null with fewer than two distinct positive points. */
export function fitPowerLaw(points: readonly Point[]): PowerFit | null {
  const usable = points.filter((p) => p.n > 0 && p.ms > 0 && Number.isFinite(p.ms));
  const large = usable.filter((p) => p.n >= FIT_FROM_N);
  const chosen = large.length >= 3 ? large : usable;
  const xs = chosen.map((p) => Math.log(p.n));
  const ys = chosen.map((p) => Math.log(p.ms));
  if (new Set(xs).size < 2) return null;
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < xs.length; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
    syy += (ys[i] - my) ** 2;
  }
  const exponent = sxy / sxx;
  const intercept = my - exponent * mx;
  const r2 = syy === 0 ? 1 : (sxy * sxy) / (sxx * syy);
  return {
    exponent,
    intercept,
    r2,
    points: chosen.length,
    nMin: Math.min(...chosen.map((p) => p.n)),
    nMax: Math.max(...chosen.map((p) => p.n)),
  };
}

export const predictMs = (fit: PowerFit, n: number) =>
  Math.exp(fit.intercept + fit.exponent * Math.log(n));
