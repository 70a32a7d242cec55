/**
 * (a) FAVOR+ relative error against the feature count m on the entropy workload: Performer's
 * estimator has variance ∝ 1/m, so the error should follow c/√m (log–log slope −0.5).
 */

import { logLogSlope } from '@attnkit/cli/lib';
import { linear } from '@attnkit/linear';
import { makeWorkload, measureFidelity, type Workload } from '@attnkit/metrics';

export const FEATURES = [16, 32, 64, 128, 256, 512, 1024];

export interface SweepRow {
  entropy: number;
  m: number;
  mean: number;
  lo: number;
  hi: number;
}

const cache = new Map<string, Workload>();
const workload = (n: number, entropy: number, seed: number, causal: boolean) => {
  const key = `${n}|${entropy}|${seed}|${causal}`;
  const w =
    cache.get(key) ??
    makeWorkload('entropy', { queryLength: n, headDim: 64, causal, seed, knob: entropy });
  cache.set(key, w);
  return w;
};

/** Mean per-row relative error over seeds (inputs and random features redrawn per seed). */
function favorError(
  n: number,
  entropy: number,
  m: number,
  seeds: number[],
  causal: boolean,
  orthogonal = true,
) {
  const errors: number[] = [];
  for (const seed of seeds) {
    const w = workload(n, entropy, seed, causal);
    const out = linear({ featureMap: 'favor', features: m, seed, orthogonal }).forward(
      w.q,
      w.k,
      w.v,
      { causal },
    );
    errors.push(measureFidelity(out, w, { causal }).relativeError.mean);
  }
  return errors;
}

export function favorSweep(
  n: number,
  entropies: number[],
  seeds: number[],
  causal: boolean,
  orthogonal: boolean,
) {
  const rows: SweepRow[] = [];
  const fits: { entropy: number; slope: number; c: number; worst: number }[] = [];
  for (const entropy of entropies) {
    const means = FEATURES.map((m) => {
      const e = favorError(n, entropy, m, seeds, causal, orthogonal);
      const mean = e.reduce((a, b) => a + b, 0) / e.length;
      rows.push({ entropy, m, mean, lo: Math.min(...e), hi: Math.max(...e) });
      return mean;
    });
    // c by least squares on log e = log c − ½ log m; fit quality = worst relative miss of c/√m.
    const c = Math.exp(
      FEATURES.reduce((s, m, x) => s + Math.log(means[x] * Math.sqrt(m)), 0) / FEATURES.length,
    );
    const worst = Math.max(...FEATURES.map((m, x) => Math.abs(means[x] / (c / Math.sqrt(m)) - 1)));
    fits.push({ entropy, slope: logLogSlope(FEATURES, means), c, worst });
  }
  return { rows, fits };
}

/** The entropy fraction above which FAVOR+ with m features stays under `target` error. */
export function entropyThreshold(
  n: number,
  m: number,
  entropies: number[],
  seeds: number[],
  causal: boolean,
) {
  return entropies.map((entropy) => {
    const e = favorError(n, entropy, m, seeds, causal);
    return { entropy, mean: e.reduce((a, b) => a + b, 0) / e.length };
  });
}
