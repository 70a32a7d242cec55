import { AttentionError } from './errors.ts';
import type { Tensor } from './tensor.ts';
import type { AttentionOptions } from './types.ts';
import { validateCall, visibleKeyEnd } from './validate.ts';

/** The options of `referenceRows`: the attention options that change the answer, and a support. */
export interface RowReferenceOptions
  extends Pick<AttentionOptions, 'causal' | 'scale' | 'keyLengths'> {
  /** Restricts row r to these key columns (a variant's own window or layout); default every key. */
  support?: (row: number) => ArrayLike<number>;
}

/**
 * The float64 answer for the chosen rows: outputs, and the weights when asked (they cost
 * rows × Nk doubles, which is why they are optional).
 */
export interface RowReference {
  /** Flat row indices r = (b·H + h)·Nq + i, as given. */
  rows: Int32Array;
  /** rows.length × Dv float64 outputs. */
  values: Float64Array;
  /** rows.length × Nk float64 attention weights (0 where a key is not visible), when asked. */
  weights: Float64Array | null;
}

/**
 * softmax(scale · q_r Kᵀ) V in float64 for chosen query rows only: the same oracle as
 * `referenceAttention`, at O(rows · Nk · D) instead of O(Nq · Nk · D), so quality can be
 * measured on a fixed row set at any N. Causal is bottom-right aligned; a row with no visible
 * key yields zeros. Letters: b h n d.
 */
export function referenceRows(
  q: Tensor,
  k: Tensor,
  v: Tensor,
  rows: Int32Array,
  options: RowReferenceOptions = {},
  withWeights = false,
): RowReference {
  const call = validateCall(q, k, v, options);
  const { batch: B, heads: H, kvHeads: Hkv, queryLength: Nq, keyLength: Nk } = call.shape;
  const { headDim: D, valueDim: Dv } = call.shape;
  const group = H / Hkv;
  const values = new Float64Array(rows.length * Dv);
  const weights = withWeights ? new Float64Array(rows.length * Nk) : null;
  const scores = new Float64Array(Nk);
  const keys = new Int32Array(Nk);
  for (let s = 0; s < rows.length; s++) {
    const r = rows[s];
    if (!Number.isInteger(r) || r < 0 || r >= B * H * Nq)
      throw new AttentionError(
        'SHAPE_MISMATCH',
        `rows[${s}]`,
        `a row in [0, ${B * H * Nq})`,
        `${r}`,
      );
    const i = r % Nq;
    const bh = (r - i) / Nq;
    const b = Math.floor(bh / H);
    const kvBase = (b * Hkv + Math.floor((bh % H) / group)) * Nk;
    const end = visibleKeyEnd(call, b, i);
    let count = 0;
    if (options.support) {
      const cols = options.support(r);
      for (let c = 0; c < cols.length; c++) if (cols[c] < end) keys[count++] = cols[c];
    } else for (let j = 0; j < end; j++) keys[count++] = j;
    if (count === 0) continue;
    const qo = r * D;
    let max = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < count; c++) {
      const ko = (kvBase + keys[c]) * D;
      let dot = 0;
      for (let t = 0; t < D; t++) dot += q.data[qo + t] * k.data[ko + t];
      scores[c] = dot * call.scale;
      if (scores[c] > max) max = scores[c];
    }
    let sum = 0;
    for (let c = 0; c < count; c++) sum += scores[c] = Math.exp(scores[c] - max);
    const out = s * Dv;
    for (let c = 0; c < count; c++) {
      const w = scores[c] / sum;
      if (weights) weights[s * Nk + keys[c]] = w;
      const vo = (kvBase + keys[c]) * Dv;
      for (let t = 0; t < Dv; t++) values[out + t] += w * v.data[vo + t];
    }
  }
  return { rows, values, weights };
}
