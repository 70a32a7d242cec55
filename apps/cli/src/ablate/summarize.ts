/**
 * Records → one summary row per (point, workload): means over seeds with a 95 % t-interval
 * (seeds are independent redraws of inputs and random features; with K seeds the interval has
 * K − 1 degrees of freedom), the median of the seeds' median times, and the speed-up over the
 * exact chunked baseline measured by the same process at the same N.
 */
import { mean, median, sampleStandardDeviation } from 'simple-statistics';
import { baselineKey } from './plan.ts';
import type { AblationFile, BaselineRecord, PointRecord } from './results.ts';

/** Two-sided 95 % quantiles of Student's t for df = 1 … 30 (beyond: the normal 1.96). */
const T95 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145,
  2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048,
  2.045, 2.042,
];

export interface Estimate {
  mean: number;
  /** 95 % interval of the mean over seeds ([mean, mean] with one seed). */
  interval: [number, number];
  seeds: number;
}

/** Mean over seeds with a 95 % t-interval, clipped to the figure's range (an error is ≥ 0, a share in [0, 1]). */
export function estimate(
  values: readonly number[],
  range: [number, number] = [0, Number.POSITIVE_INFINITY],
): Estimate | null {
  const xs = values.filter((x) => Number.isFinite(x));
  if (xs.length === 0) return null;
  const m = mean(xs);
  if (xs.length === 1) return { mean: m, interval: [m, m], seeds: 1 };
  const half = (T95[xs.length - 2] ?? 1.96) * (sampleStandardDeviation(xs) / Math.sqrt(xs.length));
  return {
    mean: m,
    interval: [Math.max(range[0], m - half), Math.min(range[1], m + half)],
    seeds: xs.length,
  };
}

export interface SummaryRow {
  pointId: string;
  sweep: string;
  spec: string;
  family: string;
  knobs: Record<string, string>;
  n: number;
  causal: boolean;
  dim: number;
  workload: string;
  seeds: number;
  /** Median over seeds of each seed's median time, ms; spread: min…max of the seeds' medians. */
  medianMs: number | null;
  spreadMs: [number, number] | null;
  speedup: number | null;
  peakBytes: number | null;
  error: Estimate | null;
  recallLong: Estimate | null;
  massTotal: Estimate | null;
  /** Per distance bucket, mean over seeds (null: nothing in that bucket). */
  massBuckets: (number | null)[];
  recallBuckets: (number | null)[];
  failed: string[];
}

const meanOrNull = (xs: (number | null)[]) => {
  const ys = xs.filter((x): x is number => x !== null && Number.isFinite(x));
  return ys.length ? mean(ys) : null;
};

/** Seeds' medians of the baseline of a record: the one its own process measured. */
export function baselineMs(baselines: readonly BaselineRecord[], r: PointRecord): number | null {
  const key = baselineKey(r.n, r.causal, r.dim);
  const b = baselines.find((x) => x.id === key && x.part === r.part && x.timing);
  return b?.timing?.medianMs ?? null;
}

export function summarize(file: AblationFile): SummaryRow[] {
  const groups = new Map<string, PointRecord[]>();
  for (const r of file.records) groups.set(r.pointId, [...(groups.get(r.pointId) ?? []), r]);
  const rows: SummaryRow[] = [];
  for (const records of groups.values()) {
    const first = records[0];
    const timed = records.filter((r) => r.timing);
    const medians = timed.map((r) => r.timing?.medianMs as number);
    const speedups = timed
      .map((r) => {
        const base = baselineMs(file.baselines, r);
        return base === null ? Number.NaN : base / (r.timing?.medianMs as number);
      })
      .filter(Number.isFinite);
    const peak = records.find((r) => r.peakBytes !== null)?.peakBytes ?? null;
    for (const workload of file.options.workloads) {
      const per = records
        .map((r) => r.workloads.find((w) => w.workload === workload))
        .filter((w) => w !== undefined);
      const buckets = (pick: (w: (typeof per)[number]) => (number | null)[] | undefined) =>
        Array.from({ length: Math.max(0, ...per.map((w) => pick(w)?.length ?? 0)) }, (_, x) =>
          meanOrNull(per.map((w) => pick(w)?.[x] ?? null)),
        );
      rows.push({
        pointId: first.pointId,
        sweep: first.sweep,
        spec: first.spec,
        family: first.family,
        knobs: first.knobs,
        n: first.n,
        causal: first.causal,
        dim: first.dim,
        workload,
        seeds: per.length,
        medianMs: medians.length ? median(medians) : null,
        spreadMs: medians.length ? [Math.min(...medians), Math.max(...medians)] : null,
        speedup: speedups.length ? median(speedups) : null,
        peakBytes: peak,
        error: estimate(per.map((w) => w.error.mean)),
        recallLong: estimate(
          per.map((w) => w.recall?.long ?? Number.NaN),
          [0, 1],
        ),
        massTotal: estimate(
          per.map((w) => w.mass?.total ?? Number.NaN),
          [0, 1],
        ),
        massBuckets: buckets((w) => w.mass?.buckets),
        recallBuckets: buckets((w) => w.recall?.buckets),
        failed: records.map((r) => r.failed).filter((f): f is string => f !== null),
      });
    }
  }
  return rows;
}
