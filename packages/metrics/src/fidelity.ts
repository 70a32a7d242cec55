/**
 * How far a variant's output lands from exact softmax attention on a workload, measured on a
 * fixed row set (row-set.ts) against core's float64 `referenceRows`, so the cost is
 * O(rows · Nk · D) at any N and a figure at 4K means what one at 64K means.
 * Letters: b h n d; row r = (b·H + h)·Nq + i.
 */
import { AttentionError, referenceRows, type Tensor } from '@attnkit/core';
import { type MassKept, type MassRow, type MassSource, massKeptOnRows } from './mass-kept.ts';
import { plantedFlatRows } from './planted-rows.ts';
import { type Recall, recallOf } from './recall.ts';
import { flatRows, type RowSet, rowSet } from './row-set.ts';
import { type Summary, summarize } from './stats.ts';
import type { Workload } from './workloads/types.ts';

/** How `measureFidelity` reads the call that produced the output, and what else to measure. */
export interface FidelityOptions {
  /** As the call was made: the reference must mask the same way. */
  causal: boolean;
  /** As the call was made; default 1/√D. */
  scale?: number;
  /** Default rowSet(Nq, causal). */
  rows?: RowSet;
  /** The variant's weights (dense, CSR, per-row) or visibility rule: enables mass kept. */
  mass?: MassSource;
  /** Keys per row counted as "top" for mass kept. Default 32. */
  topK?: number;
  /** Seed of the bootstrap. Default 0. */
  seed?: number;
}

/** Everything `measureFidelity` measured, ready for a report or for pooling over seeds. */
export interface FidelityReport {
  /** The row set's definition, for the report's provenance. */
  rowSet: string;
  /** Rows measured (positions × batch × heads). */
  rows: number;
  /** Per-row ‖out_i − ref_i‖₂ / ‖ref_i‖₂ over the row set (every batch and head). */
  relativeError: Summary;
  /** The per-row errors themselves, row-set order (every batch and head): pool them over seeds. */
  rowErrors: Float64Array;
  /** Mean per-row relative error in each quarter of the sequence (positions 0–25 %, …). */
  byPosition: { label: string; mean: number }[];
  /** Largest |out − ref| over every measured element. */
  maxAbsError: number;
  /** Mass kept per distance bucket (row set and planted rows), when options.mass is given. */
  mass: MassKept | null;
  /** Planted pairs recalled, from the output (workloads with planted pairs). */
  recall: Recall | null;
}

/**
 * A variant's output against exact attention on a workload: per-row relative error with its
 * bootstrap interval, error by position, and (when asked or planted) mass kept and recall.
 * O(rows · Nk · D), so it runs at lengths where the exact output could not be computed.
 */
export function measureFidelity(
  output: Tensor,
  workload: Workload,
  options: FidelityOptions,
): FidelityReport {
  const { q, k, v } = workload;
  const [B, H, Nq] = q.shape;
  const Dv = v.shape[3];
  if (output.shape.join() !== [B, H, Nq, Dv].join())
    throw new AttentionError(
      'SHAPE_MISMATCH',
      'output.shape',
      `[${[B, H, Nq, Dv].join(', ')}]`,
      `[${output.shape.join(', ')}]`,
    );
  const set = options.rows ?? rowSet(Nq, options.causal);
  if (set.causal !== options.causal)
    throw new AttentionError(
      'INVALID_CONFIG',
      'options.rows.causal',
      `the call's causal (${options.causal})`,
      String(set.causal),
    );
  if (set.queryLength !== Nq)
    throw new AttentionError(
      'SHAPE_MISMATCH',
      'options.rows.queryLength',
      String(Nq),
      String(set.queryLength),
    );
  const measured = flatRows(set, B * H);
  const plantedRows = plantedFlatRows(workload, B * H, Nq);
  const all = Int32Array.from(new Set([...measured, ...plantedRows.keys()]));
  const call = {
    causal: options.causal,
    ...(options.scale === undefined ? {} : { scale: options.scale }),
  };
  const ref = referenceRows(q, k, v, all, call, options.mass !== undefined);
  const errors = new Float64Array(measured.length);
  const quarters = [0, 0, 0, 0].map(() => ({ sum: 0, count: 0 }));
  let maxAbs = 0;
  for (let s = 0; s < measured.length; s++) {
    const o = measured[s] * Dv;
    let e2 = 0;
    let r2 = 0;
    for (let t = 0; t < Dv; t++) {
      const e = Math.abs(output.data[o + t] - ref.values[s * Dv + t]);
      if (!(e <= maxAbs)) maxAbs = Number.isNaN(e) ? Number.POSITIVE_INFINITY : e;
      e2 += e * e;
      r2 += ref.values[s * Dv + t] ** 2;
    }
    // A row with no visible key is zero in the reference: exact iff the output is zero too.
    errors[s] = r2 > 0 ? Math.sqrt(e2 / r2) : e2 > 0 ? Number.POSITIVE_INFINITY : 0;
    const quarter = quarters[Math.min(3, Math.floor((4 * (measured[s] % Nq)) / Nq))];
    quarter.sum += errors[s];
    quarter.count++;
  }
  let mass: MassKept | null = null;
  if (options.mass && ref.weights) {
    const Nk = k.shape[2];
    const weights = ref.weights;
    const rows: MassRow[] = [...all].map((row, s) => ({
      row,
      exact: weights.subarray(s * Nk, (s + 1) * Nk),
      ...(plantedRows.has(row) ? { planted: plantedRows.get(row) } : {}),
    }));
    mass = massKeptOnRows(
      options.mass,
      rows,
      { heads: H, queryLength: Nq, keyLength: Nk },
      options.topK === undefined ? {} : { topK: options.topK },
    );
  }
  return {
    rowSet: set.definition,
    rows: measured.length,
    relativeError: summarize(errors, options.seed ?? 0),
    rowErrors: errors,
    byPosition: quarters.map((x, n) => ({
      label: `${25 * n}–${25 * (n + 1)} %`,
      mean: x.count ? x.sum / x.count : Number.NaN,
    })),
    maxAbsError: maxAbs,
    mass,
    recall: recallOf(output, workload),
  };
}
