/**
 * One head's attention map as the heatmap reads it, from the `AttentionWeights` a variant's
 * `weights()` returned (dense [B, H, Nq, Nk] or CSR rows), batch 0. `value` is null for a cell a
 * CSR map does not store: the variant never computed it, which is not the same as weight 0.
 */
import type { AttentionWeights } from '@attnkit/core';

export interface MapSource {
  readonly rows: number;
  readonly cols: number;
  /** True when only some cells are stored (CSR). */
  readonly sparse: boolean;
  value(i: number, j: number): number | null;
  /** Calls fn for every stored cell of rows [r0, r1) and columns [c0, c1). */
  forEach(
    r0: number,
    r1: number,
    c0: number,
    c1: number,
    fn: (i: number, j: number, w: number) => void,
  ): void;
  /** Largest stored value (for the colour scale). */
  max(): number;
}

export function headMap(weights: AttentionWeights, head: number): MapSource {
  const [, , rows, cols] = weights.shape;
  if (weights.kind === 'dense') {
    const base = head * rows * cols;
    const data = weights.data;
    return {
      rows,
      cols,
      sparse: false,
      value: (i, j) => data[base + i * cols + j],
      forEach(r0, r1, c0, c1, fn) {
        for (let i = r0; i < r1; i++)
          for (let j = c0; j < c1; j++) fn(i, j, data[base + i * cols + j]);
      },
      max: () => maxOf(data, base, base + rows * cols),
    };
  }
  const { rowPtr, colIdx, values } = weights;
  const r = (i: number) => head * rows + i;
  return {
    rows,
    cols,
    sparse: true,
    value(i, j) {
      let lo = rowPtr[r(i)];
      let hi = rowPtr[r(i) + 1] - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (colIdx[mid] === j) return values[mid];
        if (colIdx[mid] < j) lo = mid + 1;
        else hi = mid - 1;
      }
      return null;
    },
    forEach(r0, r1, c0, c1, fn) {
      for (let i = r0; i < r1; i++)
        for (let p = rowPtr[r(i)]; p < rowPtr[r(i) + 1]; p++) {
          const j = colIdx[p];
          if (j >= c0 && j < c1) fn(i, j, values[p]);
        }
    },
    max: () => maxOf(values, rowPtr[r(0)], rowPtr[r(rows)]),
  };
}

function maxOf(data: Float32Array, from: number, to: number): number {
  let m = 0;
  for (let p = from; p < to; p++) if (data[p] > m) m = data[p];
  return m;
}

/**
 * variant − exact at every cell, materialised once as a dense N×N array (a cell the variant
 * does not store counts as 0), so drawing and hovering it cost what a dense map costs.
 */
export function differenceMap(variant: MapSource, exact: MapSource): MapSource {
  const { rows, cols } = exact;
  const data = new Float32Array(rows * cols);
  exact.forEach(0, rows, 0, cols, (i, j, w) => {
    data[i * cols + j] = -w;
  });
  variant.forEach(0, rows, 0, cols, (i, j, w) => {
    data[i * cols + j] += w;
  });
  let maxAbs = 0;
  for (let p = 0; p < data.length; p++) if (Math.abs(data[p]) > maxAbs) maxAbs = Math.abs(data[p]);
  return {
    rows,
    cols,
    sparse: false,
    value: (i, j) => data[i * cols + j],
    forEach(r0, r1, c0, c1, fn) {
      for (let i = r0; i < r1; i++) for (let j = c0; j < c1; j++) fn(i, j, data[i * cols + j]);
    },
    max: () => maxAbs,
  };
}

export interface HeadStats {
  /** Mean over rows of −Σ p log p, nats; log(N) is uniform attention. */
  entropy: number;
  /** Mean over rows of Σ p |i − j|, tokens. */
  meanDistance: number;
  /** Fraction of cells stored (1 for dense maps). */
  stored: number;
}

/** Entropy and mean attention distance of one head (rows with no mass are skipped). */
export function headStats(map: MapSource): HeadStats {
  const rowEntropy = new Float64Array(map.rows);
  const rowDistance = new Float64Array(map.rows);
  const rowMass = new Float64Array(map.rows);
  let stored = 0;
  map.forEach(0, map.rows, 0, map.cols, (i, j, w) => {
    stored++;
    if (w <= 0) return;
    rowEntropy[i] -= w * Math.log(w);
    rowDistance[i] += w * Math.abs(i - j);
    rowMass[i] += w;
  });
  let entropy = 0;
  let distance = 0;
  let counted = 0;
  for (let i = 0; i < map.rows; i++) {
    if (rowMass[i] <= 0) continue;
    entropy += rowEntropy[i];
    distance += rowDistance[i];
    counted++;
  }
  return {
    entropy: counted ? entropy / counted : 0,
    meanDistance: counted ? distance / counted : 0,
    stored: stored / (map.rows * map.cols),
  };
}
