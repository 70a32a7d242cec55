/**
 * Time from a profile (b h n d). A forward's time is its cost().flops over the useful GFLOP/s the
 * profile measured for the same family at the nearest work per row, interpolated in log N and
 * held flat beyond the measured lengths. A decoder step is a least-squares line in its units.
 */
import {
  type DecodePoint,
  FAMILIES,
  type Family,
  type Profile,
  type ThroughputPoint,
} from '../profile/schema.ts';

const gflops = (p: ThroughputPoint) => p.flops / (p.ms * 1e6);
const perRow = (flops: number, heads: number, n: number) => flops / (heads * n);

function interpolate(points: ThroughputPoint[], n: number): number {
  const sorted = [...points].sort((a, b) => a.n - b.n);
  if (n <= sorted[0].n) return gflops(sorted[0]);
  const last = sorted[sorted.length - 1];
  if (n >= last.n) return gflops(last);
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1];
    const b = sorted[i];
    if (n > b.n) continue;
    const t = (Math.log(n) - Math.log(a.n)) / (Math.log(b.n) - Math.log(a.n));
    return Math.exp((1 - t) * Math.log(gflops(a)) + t * Math.log(gflops(b)));
  }
  return gflops(last);
}

/** Predicted ms of one forward, or null when the profile holds no timing of the family. */
export function predictForwardMs(
  profile: Profile,
  family: Family,
  flops: number,
  heads: number,
  n: number,
  causal: boolean,
): number | null {
  const mine = profile.throughput.filter((p) => p.family === family);
  const same = mine.filter((p) => p.causal === causal);
  const pool = same.length ? same : mine;
  if (!pool.length) return null;
  const bySpec = new Map<string, ThroughputPoint[]>();
  for (const p of pool) bySpec.set(p.spec, [...(bySpec.get(p.spec) ?? []), p]);
  // The measured configuration whose work per row, at the length nearest n, is nearest ours.
  const target = Math.log(perRow(flops, heads, n));
  let best: ThroughputPoint[] = [];
  let bestGap = Number.POSITIVE_INFINITY;
  for (const points of bySpec.values()) {
    const near = points.reduce((a, b) =>
      Math.abs(Math.log(b.n / n)) < Math.abs(Math.log(a.n / n)) ? b : a,
    );
    const gap = Math.abs(Math.log(perRow(near.flops, near.heads, near.n)) - target);
    if (gap < bestGap) {
      bestGap = gap;
      best = points;
    }
  }
  return flops / (interpolate(best, n) * 1e6);
}

/** ms = a + b·units, fitted over the family's decode points (b ≥ 0); null without points. */
export function predictStepMs(profile: Profile, family: Family, units: number): number | null {
  const pts: DecodePoint[] = profile.decode.filter((p) => p.family === family);
  if (!pts.length) return null;
  const line = fit(pts);
  // A family timed over a narrow range of units (a fixed window, a fixed m) says nothing about
  // the slope: borrow the slope of the families whose units spanned ≥ 4×.
  const span = (xs: DecodePoint[]) =>
    Math.max(...xs.map((p) => p.units)) / Math.min(...xs.map((p) => p.units));
  if (span(pts) < 4) {
    const wide = FAMILIES.map((f) => profile.decode.filter((p) => p.family === f)).filter(
      (xs) => xs.length && span(xs) >= 4,
    );
    if (wide.length) line.slope = Math.max(...wide.map((xs) => fit(xs).slope));
  }
  return line.intercept + line.slope * units;
}

function fit(pts: DecodePoint[]): { intercept: number; slope: number } {
  const n = pts.length;
  const mx = pts.reduce((s, p) => s + p.units, 0) / n;
  const my = pts.reduce((s, p) => s + p.ms, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const p of pts) {
    sxy += (p.units - mx) * (p.ms - my);
    sxx += (p.units - mx) ** 2;
  }
  const slope = sxx > 0 ? Math.max(0, sxy / sxx) : 0;
  return { intercept: Math.max(0, my - slope * mx), slope };
}
