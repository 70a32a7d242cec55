/**
 * Quality from a profile's fidelity table. Masked exact variants (local-window, sparse) lose
 * what lies outside their mask, so their error is read against coverage — the fraction of the
 * pairs they compute, from cost() — interpolated in log coverage between measured points of the
 * same family and workload; below the smallest measured coverage there is no prediction. Linear
 * attention's error is its own per configuration (Performer: set by m, not by N), taken as the
 * worst over the measured lengths. Returns null where the table holds nothing to go on.
 */
import type { Family, FidelityPoint, Profile } from '../profile/schema.ts';

/** The spec without settings that do not change the approximation (backend, budget, seed). */
export const fidelityKey = (spec: string) =>
  spec
    .split(/[:,]/)
    .filter((part) => !/^(backend|memoryBudget|seed|chunk)=/.test(part))
    .join(',');

const points = (profile: Profile, family: Family, workload: string, causal: boolean) => {
  const mine = profile.fidelity.filter((f) => f.family === family && f.workload === workload);
  const same = mine.filter((f) => f.causal === causal);
  return same.length ? same : mine;
};

export function predictError(
  profile: Profile,
  family: Family,
  spec: string,
  coverage: number,
  workload: string,
  causal: boolean,
): number | null {
  const pts = points(profile, family, workload, causal);
  if (family === 'linear') {
    const key = fidelityKey(spec);
    const same = pts.filter((f) => fidelityKey(f.spec) === key);
    return same.length ? Math.max(...same.map((f) => f.relError)) : null;
  }
  if (coverage >= 1 - 1e-12) return 0;
  const sorted = [...pts].sort((a, b) => a.coverage - b.coverage);
  if (!sorted.length || coverage < sorted[0].coverage) return null;
  let below: FidelityPoint = sorted[0];
  for (const f of sorted) {
    if (f.coverage <= coverage) below = f;
    else {
      const t = Math.log(coverage / below.coverage) / Math.log(f.coverage / below.coverage);
      return Math.max(below.relError * (1 - t) + f.relError * t, 0);
    }
  }
  // Beyond the most covering point measured: between it and exact (0 at coverage 1).
  const t = Math.log(coverage / below.coverage) / Math.log(1 / below.coverage);
  return below.relError * (1 - t);
}

/**
 * Linear attention's recall of planted pairs at distances up to x: the worst measured bucket at
 * or below x, or null when nothing at or beyond x was measured (no extrapolation in distance).
 */
export function predictRecall(
  profile: Profile,
  spec: string,
  x: number,
  causal: boolean,
): number | null {
  const key = fidelityKey(spec);
  const mine = profile.fidelity.filter(
    (f) => f.family === 'linear' && f.recallByDistance && fidelityKey(f.spec) === key,
  );
  const same = mine.filter((f) => f.causal === causal);
  const buckets = (same.length ? same : mine).flatMap((f) => f.recallByDistance ?? []);
  const above = buckets.filter((r) => r.distance >= x);
  if (!above.length) return null;
  const nearest = Math.min(...above.map((r) => r.distance));
  const relevant = buckets.filter((r) => r.distance <= x || r.distance === nearest);
  return Math.min(...relevant.map((r) => r.recall));
}
