/**
 * What a variant attends, for metrics' mass kept: a positional variant (local-window, sparse:
 * weights() in CSR) gives its own sparse weights; a kernel-normalised one (full, chunked, linear:
 * dense weights()) is probed row by row (probeRowWeights), since its N × N map would not fit at
 * 16K. Which one a variant is, its weights() on a 4-token input says.
 */
import type { AttentionVariant, Tensor } from '@attnkit/core';
import { type MassSource, probeRowWeights, type Workload } from '@attnkit/metrics';

const tiny = (dim: number): Tensor => ({
  data: new Float32Array(4 * dim).fill(0.1),
  shape: [1, 1, 4, dim],
});

export function massSource(
  variant: AttentionVariant,
  w: Workload,
  causal: boolean,
  rows: Int32Array,
): MassSource | undefined {
  if (!variant.traits.weights || !variant.weights) return undefined;
  const dim = w.q.shape[3];
  const kind = variant.weights(tiny(dim), tiny(dim), { causal }).kind;
  if (kind === 'csr') return variant.weights(w.q, w.k, { causal });
  return { kind: 'rows', row: probeRowWeights(variant, w.q, w.k, rows, { causal }) };
}
