/**
 * Quality of one output on a quality workload (b h n d), all through @attnkit/metrics: per-row
 * relative error against core's float64 referenceRows on the fixed row set (the same definition
 * at every N), its bootstrap interval, median and p95; attention mass kept and recall per
 * distance bucket. Mass kept needs what the variant attends: a masked variant's weights()
 * support as a visibility rule, a kernel-normalised approximation's probed row weights.
 */
import type { AttentionVariant, Tensor } from '@attnkit/core';
import { attentionShapeOf } from '@attnkit/core';
import {
  DEFAULT_ROW_COUNT,
  flatRows,
  type MassKept,
  type MassSource,
  measureFidelity,
  probeRowWeights,
  type Recall,
  rowSet,
  type Summary,
  type Workload,
} from '@attnkit/metrics';
import { hasOwnMask, supportBytes } from './gate.ts';
import { supportOf } from './support.ts';

export interface QualityRecord {
  /** The row set, e.g. "64 rows, midpoints of 64 position quantiles" (metrics' rowSet). */
  rowSet: string;
  rows: number;
  /** Per-row ‖out_i − ref_i‖ / ‖ref_i‖: mean, 95 % bootstrap interval, median, p95, max. */
  error: Summary;
  /** Mean per-row error in each quarter of the sequence. */
  byPosition: { label: string; mean: number }[];
  maxAbsError: number;
  /** Mass kept per distance bucket, or null (see massFrom). */
  mass: MassKept | null;
  /** How mass kept was measured, or why not. */
  massFrom: string;
  recall: Recall | null;
}

/** What the variant attends on `rows`, as metrics' MassSource, or why it cannot be read. */
export function massSource(
  variant: AttentionVariant,
  workload: Workload,
  causal: boolean,
  budgetBytes: number,
): { source: MassSource | null; from: string } {
  const { q, k, v } = workload;
  const shape = attentionShapeOf(q, k, v);
  if (!variant.weights) return { source: null, from: 'not measured: no weights()' };
  const masked = hasOwnMask(variant, shape, causal);
  if (variant.traits.exact && !masked) return { source: null, from: 'exact attention: keeps 1' };
  const rows = measuredRows(workload, causal);
  if (variant.traits.exact) {
    const bytes = supportBytes(variant, shape, causal);
    if (bytes > budgetBytes)
      return {
        source: null,
        from: `not measured: weights() support ${(bytes / 2 ** 20).toFixed(0)} MB > ${(budgetBytes / 2 ** 20).toFixed(0)} MB (a quarter of the memory budget)`,
      };
    const support = supportOf(variant, q, k, causal, rows);
    if (!support) return { source: null, from: 'not measured: weights() returned nothing' };
    const [, H, Nq] = q.shape;
    const Nk = k.shape[2];
    const masks = new Map<number, Uint8Array>();
    const visible = (b: number, h: number, i: number, j: number) => {
      const r = (b * H + h) * Nq + i;
      let mask = masks.get(r);
      if (!mask) {
        mask = new Uint8Array(Nk);
        for (const c of Array.from(support(r))) mask[c] = 1;
        masks.set(r, mask);
      }
      return mask[j] === 1;
    };
    return {
      source: { kind: 'visibility', visible },
      from: 'visible keys of its weights() support',
    };
  }
  // Not exact: a kernel-normalised approximation (linear), whose row weights are probed
  // without its N × N map.
  return {
    source: { kind: 'rows', row: probeRowWeights(variant, q, k, rows, { causal }) },
    from: 'overlap Σ min(p, p̂) with its probed row weights',
  };
}

/** The flat rows mass kept reads: the row set in every head and the planted query rows. */
function measuredRows(workload: Workload, causal: boolean): Int32Array {
  const [B, H, Nq] = workload.q.shape;
  const rows = [...flatRows(rowSet(Nq, causal, { count: DEFAULT_ROW_COUNT }), B * H)];
  for (let bh = 0; bh < B * H; bh++)
    for (const i of workload.planted?.query ?? []) rows.push(bh * Nq + i);
  return Int32Array.from(new Set(rows)).sort();
}

export function measureQuality(
  variant: AttentionVariant | null,
  workload: Workload,
  out: Float32Array,
  causal: boolean,
  options: { seed: number; massBudgetBytes: number },
): QualityRecord {
  const [B, H, Nq] = workload.q.shape;
  const output: Tensor = { data: out, shape: [B, H, Nq, workload.v.shape[3]] };
  const mass = variant
    ? massSource(variant, workload, causal, options.massBudgetBytes)
    : { source: null, from: 'not measured: a peer has no weights()' };
  const report = measureFidelity(output, workload, {
    causal,
    seed: options.seed,
    ...(mass.source ? { mass: mass.source } : {}),
  });
  return {
    rowSet: report.rowSet,
    rows: report.rows,
    error: report.relativeError,
    byPosition: report.byPosition,
    maxAbsError: report.maxAbsError,
    mass: report.mass,
    massFrom: mass.from,
    recall: report.recall,
  };
}
