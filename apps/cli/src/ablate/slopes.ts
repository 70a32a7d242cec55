/**
 * Log–log slopes of error against each numeric knob, per series (family, other knobs, N, mode,
 * workload): how error scales with the knob, e.g. FAVOR+ error ∝ features^−0.5 in theory.
 */
import { compareKnobValues } from '@attnkit/core';
import { logLogFit } from '../lib/fit.ts';
import { formatN, modeLabel, otherKnobs } from './format.ts';
import type { SummaryRow } from './summarize.ts';

export interface Slope {
  knob: string;
  series: string;
  workload: string;
  slope: number;
  r2: number;
  points: number;
  from: string;
  to: string;
}

export function errorSlopes(rows: readonly SummaryRow[]): Slope[] {
  const out: Slope[] = [];
  const knobs = [...new Set(rows.flatMap((r) => Object.keys(r.knobs)))];
  for (const knob of knobs) {
    const series = new Map<string, SummaryRow[]>();
    for (const r of rows) {
      const v = Number(r.knobs[knob]);
      if (!(v > 0) || !((r.error?.mean ?? 0) > 0)) continue;
      const key = `${r.family}${otherKnobs(r, knob)} N=${formatN(r.n)} ${modeLabel(r.causal)}|${r.workload}`;
      series.set(key, [...(series.get(key) ?? []), r]);
    }
    for (const [key, list] of series) {
      if (new Set(list.map((r) => r.knobs[knob])).size < 3) continue;
      const sorted = [...list].sort((a, b) => compareKnobValues(a.knobs[knob], b.knobs[knob]));
      const fit = logLogFit(
        sorted.map((r) => Number(r.knobs[knob])),
        sorted.map((r) => r.error?.mean as number),
      );
      const [name, workload] = key.split('|');
      out.push({
        knob,
        series: name,
        workload,
        slope: fit.exponent,
        r2: fit.r2,
        points: sorted.length,
        from: sorted[0].knobs[knob],
        to: sorted[sorted.length - 1].knobs[knob],
      });
    }
  }
  return out;
}
