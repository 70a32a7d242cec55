/**
 * The Pareto front of a cost–quality trade-off: the points no other point beats on both time and
 * quality. Fronts are taken within one (N, causal, dim, workload): points at different lengths do
 * not compete.
 */
import type { SummaryRow } from './summarize.ts';

export interface Objective {
  name: string;
  /** The quality figure of a row; null rows take no part. */
  quality: (r: SummaryRow) => number | null;
  /** true: larger quality is better (recall); false: smaller (error). */
  higherIsBetter: boolean;
}

export const OBJECTIVES: readonly Objective[] = [
  { name: 'time vs error', quality: (r) => r.error?.mean ?? null, higherIsBetter: false },
  {
    name: 'time vs recall at distance ≥ N/2',
    quality: (r) => r.recallLong?.mean ?? null,
    higherIsBetter: true,
  },
];

/** Indices of the non-dominated items: minimise x, minimise y. */
export function paretoFront(items: readonly { x: number; y: number }[]): Set<number> {
  const front = new Set<number>();
  items.forEach((a, i) => {
    const dominated = items.some(
      (b, j) => j !== i && b.x <= a.x && b.y <= a.y && (b.x < a.x || b.y < a.y),
    );
    if (!dominated) front.add(i);
  });
  return front;
}

export const groupKey = (r: SummaryRow) => `${r.n}|${r.causal}|${r.dim}|${r.workload}`;

/** Point ids on the front of `objective`, per group. */
export function frontIds(rows: readonly SummaryRow[], objective: Objective): Set<string> {
  const out = new Set<string>();
  const groups = new Map<string, SummaryRow[]>();
  for (const r of rows) groups.set(groupKey(r), [...(groups.get(groupKey(r)) ?? []), r]);
  for (const group of groups.values()) {
    const usable = group.filter(
      (r) => r.medianMs !== null && r.medianMs > 0 && objective.quality(r) !== null,
    );
    const items = usable.map((r) => {
      const q = objective.quality(r) as number;
      return { x: r.medianMs as number, y: objective.higherIsBetter ? -q : q };
    });
    for (const i of paretoFront(items)) out.add(`${usable[i].pointId}|${usable[i].workload}`);
  }
  return out;
}
