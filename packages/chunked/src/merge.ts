import { AttentionError, assertFinite, assertTensor, describe, type Tensor } from '@attnkit/core';

/**
 * Attention over one range of keys together with each row's log-sum-exp (b h n d):
 * output [B, H, Nq, Dv], logSumExp [B, H, Nq], −∞ for a row that saw no key.
 */
export interface PartialAttention {
  output: Tensor;
  logSumExp: Float32Array;
}

/**
 * Combines attention computed on disjoint key ranges into attention over their union, the
 * primitive of sequence-parallel (ring) attention: each part's rows are weighted by
 * exp(lse_p − lse), where lse = log Σ_p exp(lse_p). A row no part saw stays zero with lse −∞.
 * Sums run in float64 so the merge adds no error beyond the final float32 rounding.
 */
export function mergePartials(parts: readonly PartialAttention[]): PartialAttention {
  if (!Array.isArray(parts as unknown) || parts.length === 0)
    throw new AttentionError(
      'SHAPE_MISMATCH',
      'parts',
      'at least one partial result',
      String(parts?.length ?? parts),
    );
  for (let i = 0; i < parts.length; i++) assertTensor(parts[i]?.output, `parts[${i}].output`, 4);
  const shape = parts[0].output.shape;
  const [B, H, Nq, Dv] = shape;
  const rows = B * H * Nq;
  parts.forEach((p, i) => {
    if (p.output.shape.some((s, a) => s !== shape[a]))
      throw new AttentionError(
        'SHAPE_MISMATCH',
        `parts[${i}].output.shape`,
        `[${shape.join(', ')}]`,
        `[${p.output.shape.join(', ')}]`,
      );
    if (!(p.logSumExp instanceof Float32Array) || p.logSumExp.length !== rows)
      throw new AttentionError(
        'SHAPE_MISMATCH',
        `parts[${i}].logSumExp`,
        `a Float32Array of ${rows} (B·H·Nq)`,
        describe(p.logSumExp),
      );
    assertFinite(p.output, `parts[${i}].output`);
    const bad = p.logSumExp.findIndex((x) => Number.isNaN(x) || x === Number.POSITIVE_INFINITY);
    if (bad >= 0)
      throw new AttentionError(
        'NON_FINITE',
        `parts[${i}].logSumExp[${bad}]`,
        'a finite number or −Infinity',
        describe(p.logSumExp[bad]),
      );
  });
  const out = new Float32Array(rows * Dv);
  const lse = new Float32Array(rows).fill(Number.NEGATIVE_INFINITY);
  const acc = new Float64Array(Dv);
  for (let r = 0; r < rows; r++) {
    let max = Number.NEGATIVE_INFINITY;
    for (const p of parts) if (p.logSumExp[r] > max) max = p.logSumExp[r];
    if (max === Number.NEGATIVE_INFINITY) continue;
    acc.fill(0);
    let total = 0;
    for (const p of parts) {
      const w = Math.exp(p.logSumExp[r] - max);
      if (w === 0) continue;
      total += w;
      const o = p.output.data;
      for (let t = 0; t < Dv; t++) acc[t] += w * o[r * Dv + t];
    }
    for (let t = 0; t < Dv; t++) out[r * Dv + t] = acc[t] / total;
    lse[r] = max + Math.log(total);
  }
  return { output: { data: out, shape: [B, H, Nq, Dv] }, logSumExp: lse };
}
