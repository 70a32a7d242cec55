/**
 * The keys a masked variant attends (its window or layout), read from its weights() once per
 * shape and causal mode: a CSR support depends on positions only, never on values, so the
 * columns of the rows asked for are kept and serve the gate and mass kept on every workload.
 * weights() over all N rows is the costly part (8 bytes per kept pair), hence the budget.
 */
import type { AttentionVariant, Tensor } from '@attnkit/core';

export type Support = (row: number) => ArrayLike<number>;

/** CSR or dense weights → the key columns row r attends. */
function supportFn(variant: AttentionVariant, q: Tensor, k: Tensor, causal: boolean) {
  const map = variant.weights?.(q, k, { causal });
  if (!map) return null;
  if (map.kind === 'csr')
    return {
      structural: true,
      cols: (r: number): ArrayLike<number> => map.colIdx.subarray(map.rowPtr[r], map.rowPtr[r + 1]),
    };
  const nk = map.shape[3];
  return {
    // Zeros of a dense map may come from underflow, so they are read afresh for every input.
    structural: false,
    cols: (r: number): ArrayLike<number> => {
      const cols: number[] = [];
      for (let j = 0; j < nk; j++) if (map.data[r * nk + j] !== 0) cols.push(j);
      return cols;
    },
  };
}

const cache = new WeakMap<AttentionVariant, Map<string, Map<number, Int32Array>>>();

/**
 * The support of `rows` under the variant's weights(), or null when it has none. Rows already
 * read for this (shape, causal) come from the cache; otherwise weights() runs once more and the
 * requested rows join the cache.
 */
export function supportOf(
  variant: AttentionVariant,
  q: Tensor,
  k: Tensor,
  causal: boolean,
  rows: ArrayLike<number>,
): Support | null {
  const key = `${q.shape.join('x')}|${k.shape.join('x')}|${causal}`;
  const hit = cache.get(variant)?.get(key);
  if (hit && Array.from(rows).every((r) => hit.has(r)))
    return (r) => hit.get(r) ?? new Int32Array(0);
  const support = supportFn(variant, q, k, causal);
  if (!support) return null;
  if (!support.structural) return support.cols;
  const kept = hit ?? new Map<number, Int32Array>();
  for (const r of Array.from(rows)) kept.set(r, Int32Array.from(support.cols(r)));
  const perVariant = cache.get(variant) ?? new Map();
  perVariant.set(key, kept);
  cache.set(variant, perVariant);
  return (r) => kept.get(r) ?? support.cols(r);
}
