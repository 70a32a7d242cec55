/**
 * Float64 softmax attention for chosen query rows only (b h n d; row r = (b·H + h)·Nq + i):
 * the oracle of the gate. All rows for small N, a spread sample beyond, so the check costs
 * O(rows · N · D) instead of O(N² · D). `support(r)` restricts a row to the keys a variant
 * says it attends (its own window or layout); causal is bottom-right aligned as in core.
 */
import type { Tensor } from '@attnkit/core';

export interface RowReference {
  /** Row indices r, ascending. */
  rows: Int32Array;
  /** rows.length × Dv outputs. */
  values: Float64Array;
}

export function referenceRows(
  q: Tensor,
  k: Tensor,
  v: Tensor,
  rows: Int32Array,
  options: { causal: boolean; scale?: number },
  support?: (row: number) => ArrayLike<number>,
): RowReference {
  const [, H, Nq, D] = q.shape;
  const [, Hkv, Nk] = k.shape;
  const Dv = v.shape[3];
  const group = H / Hkv;
  const scale = options.scale ?? 1 / Math.sqrt(D);
  const offset = Nk - Nq;
  const values = new Float64Array(rows.length * Dv);
  const scores = new Float64Array(Nk);
  const keys = new Int32Array(Nk);
  for (let s = 0; s < rows.length; s++) {
    const r = rows[s];
    const i = r % Nq;
    const bh = (r - i) / Nq;
    const b = Math.floor(bh / H);
    const kvBase = (b * Hkv + Math.floor((bh % H) / group)) * Nk;
    const end = options.causal ? Math.min(Nk, Math.max(0, i + offset + 1)) : Nk;
    let count = 0;
    if (support) {
      const cols = support(r);
      for (let c = 0; c < cols.length; c++) if (cols[c] < end) keys[count++] = cols[c];
    } else for (let j = 0; j < end; j++) keys[count++] = j;
    if (count === 0) continue;
    const qo = r * D;
    let max = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < count; c++) {
      const ko = (kvBase + keys[c]) * D;
      let dot = 0;
      for (let t = 0; t < D; t++) dot += q.data[qo + t] * k.data[ko + t];
      scores[c] = dot * scale;
      if (scores[c] > max) max = scores[c];
    }
    let sum = 0;
    for (let c = 0; c < count; c++) sum += scores[c] = Math.exp(scores[c] - max);
    const out = s * Dv;
    for (let c = 0; c < count; c++) {
      const w = scores[c] / sum;
      const vo = (kvBase + keys[c]) * Dv;
      for (let t = 0; t < Dv; t++) values[out + t] += w * v.data[vo + t];
    }
  }
  return { rows, values };
}

/** Every row when B·H·N is small, else `count` rows spread over (b, h) and i, first and last included. */
export function sampleRows(totalRows: number, count: number): Int32Array {
  if (count >= totalRows) return Int32Array.from({ length: totalRows }, (_, r) => r);
  const rows = new Set<number>();
  for (let s = 0; s < count; s++) rows.add(Math.round((s * (totalRows - 1)) / (count - 1)));
  return Int32Array.from([...rows].sort((a, b) => a - b));
}

export interface ErrorStats {
  maxAbsError: number;
  /** sqrt(Σ(out − ref)² / Σ ref²) over the compared rows. */
  relRmsError: number;
  rows: number;
}

/** Compares out [B, H, Nq, Dv] with reference rows (float64) or a whole reference output. */
export function compare(
  out: Float32Array,
  dv: number,
  reference: RowReference | Float32Array,
): ErrorStats {
  let maxAbs = 0;
  let err2 = 0;
  let ref2 = 0;
  const visit = (o: number, ref: number) => {
    const e = Math.abs(out[o] - ref);
    if (!(e <= maxAbs)) maxAbs = Number.isNaN(e) ? Number.POSITIVE_INFINITY : e;
    err2 += e * e;
    ref2 += ref * ref;
  };
  if (reference instanceof Float32Array) {
    for (let x = 0; x < reference.length; x++) visit(x, reference[x]);
    return { maxAbsError: maxAbs, relRmsError: rel(err2, ref2), rows: reference.length / dv };
  }
  const { rows, values } = reference;
  for (let s = 0; s < rows.length; s++)
    for (let t = 0; t < dv; t++) visit(rows[s] * dv + t, values[s * dv + t]);
  return { maxAbsError: maxAbs, relRmsError: rel(err2, ref2), rows: rows.length };
}

const rel = (err2: number, ref2: number) =>
  ref2 > 0 ? Math.sqrt(err2 / ref2) : err2 > 0 ? Number.POSITIVE_INFINITY : 0;
