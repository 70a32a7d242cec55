/**
 * Fits and crossovers from the recorded runs: per spec and causal mode, the exponent of time
 * vs N (first workload only: timings are shared across workloads), and for every spec whose
 * cost().flops grows slower than N^1.5 the crossover N against `full` and against `chunked`.
 */

import { fitPowerLaw, type Point } from '../lib/fit.ts';
import { findCrossover } from './crossover.ts';
import type { FitRecord, Results, RunRecord } from './results.ts';

export const timedPoints = (runs: readonly RunRecord[]): Point[] =>
  runs
    .filter((r) => r.medianMs !== null && r.medianMs > 0 && !r.skipped && !r.failed)
    .map((r) => ({ n: r.n, ms: r.medianMs as number }))
    .sort((a, b) => a.n - b.n);

/** Growth exponent of cost().flops over the recorded lengths (skipped ones included). */
export function flopsGrowth(runs: readonly RunRecord[]): number | null {
  const pts = runs
    .filter((r) => r.flops && r.flops > 0)
    .map((r) => ({ n: r.n, ms: r.flops as number }));
  return fitPowerLaw(pts)?.exponent ?? null;
}

export function computeFits(results: Results): FitRecord[] {
  const workload = results.options.workloads[0];
  const fits: FitRecord[] = [];
  const byKey = (spec: string, causal: boolean) =>
    results.runs.filter((r) => r.spec === spec && r.causal === causal && r.workload === workload);
  for (const spec of [...new Set(results.runs.map((r) => r.spec))])
    for (const causal of results.options.causal) {
      const runs = byKey(spec, causal);
      if (runs.length === 0) continue;
      const points = timedPoints(runs);
      const fit = fitPowerLaw(points);
      const growth = flopsGrowth(runs);
      const subQuadratic = growth !== null && growth < 1.5;
      const against = (baseline: string) => {
        if (!subQuadratic || baseline === spec) return null;
        const base = timedPoints(byKey(baseline, causal));
        return base.length ? findCrossover(points, base) : null;
      };
      fits.push({
        spec,
        causal,
        workload,
        exponent: fit?.exponent ?? null,
        intercept: fit?.intercept ?? null,
        r2: fit?.r2 ?? null,
        points: fit?.points ?? points.length,
        nMin: fit?.nMin ?? null,
        nMax: fit?.nMax ?? null,
        subQuadratic,
        crossover: { full: against('full'), chunked: against('chunked') },
      });
    }
  return fits;
}
