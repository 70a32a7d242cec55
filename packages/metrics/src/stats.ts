/**
 * Summaries of per-row errors. The interval of the mean is a percentile bootstrap (2000
 * resamples, seeded, so a report is reproducible): per-row errors are skewed (a few hard rows),
 * which a t-interval would misrepresent with few rows.
 */
import { createRng } from '@attnkit/core';

/** A distribution of per-row errors as a report states it: centre, spread and interval. */
export interface Summary {
  /** Values summarised. */
  count: number;
  /** Their mean, the headline figure. */
  mean: number;
  /** 95 % percentile-bootstrap interval of the mean. */
  interval: [number, number];
  /** 50th percentile. */
  median: number;
  /** 95th percentile: the bad rows a mean hides. */
  p95: number;
  /** The worst value. */
  max: number;
}

/** Resamples of the mean's bootstrap interval: enough for a stable 95 % interval at 64 rows. */
export const BOOTSTRAP_RESAMPLES = 2000;

/** Quantile of sorted values, linear interpolation between order statistics (R type 7). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/**
 * Mean, 95 % percentile-bootstrap interval of the mean (seeded, so reports reproduce), median,
 * p95 and max of the values; NaN fields for no values.
 */
export function summarize(values: ArrayLike<number>, seed = 0): Summary {
  const n = values.length;
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  for (let x = 0; x < n; x++) sum += sorted[x];
  const means = new Float64Array(n > 1 ? BOOTSTRAP_RESAMPLES : 0);
  const rng = createRng(seed);
  for (let s = 0; s < means.length; s++) {
    let m = 0;
    for (let x = 0; x < n; x++) m += sorted[rng.int(n)];
    means[s] = m / n;
  }
  means.sort();
  const mean = n ? sum / n : Number.NaN;
  return {
    count: n,
    mean,
    interval: n > 1 ? [quantileSorted(means, 0.025), quantileSorted(means, 0.975)] : [mean, mean],
    median: quantileSorted(sorted, 0.5),
    p95: quantileSorted(sorted, 0.95),
    max: n ? sorted[n - 1] : Number.NaN,
  };
}
