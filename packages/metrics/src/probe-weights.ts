/**
 * Row weights of a kernel-normalised variant (p̂_ij = s(q_i, k_j) / Σ_j' s(q_i, k_j'), with no
 * positional rule: linear, full) for a few rows, without its N × N map. Each key chunk is
 * attended together with key 0 as a common reference, so the chunk's normalised weights give
 * s(q_i, k_j) / s(q_i, k_0); the causal prefix is renormalised here. Costs Nk / chunk calls of
 * weights() on rows × (chunk + 1) — what makes mass kept measurable for linear at 64K, where
 * its dense weights() would need Nk² floats. Wrong for positional variants (local-window,
 * sparse: a chunk would shift their window); use their CSR weights() instead.
 */
import { AttentionError, type AttentionVariant, type Tensor } from '@attnkit/core';

/**
 * The weights of a few rows of a kernel-normalised variant (linear, full) without its N × N map,
 * as a `rows` mass source (see the module comment for how, and where it is wrong).
 */
export function probeRowWeights(
  variant: AttentionVariant,
  q: Tensor,
  k: Tensor,
  rows: Int32Array,
  options: { causal: boolean; scale?: number; chunk?: number },
): (r: number) => Float64Array {
  if (!variant.weights)
    throw new AttentionError(
      'UNSUPPORTED',
      'variant.weights',
      'a variant with weights()',
      variant.name,
    );
  const [, H, Nq, D] = q.shape;
  const [, Hkv, Nk] = k.shape;
  const chunk = options.chunk ?? 256;
  const group = H / Hkv;
  const offset = Nk - Nq;
  const result = new Map<number, Float64Array>();
  const byHead = new Map<number, number[]>();
  for (const r of rows) {
    const bh = Math.floor(r / Nq);
    byHead.set(bh, [...(byHead.get(bh) ?? []), r]);
  }
  for (const [bh, list] of byHead) {
    const kvBase = (Math.floor(bh / H) * Hkv + Math.floor((bh % H) / group)) * Nk * D;
    const qs = new Float32Array(list.length * D);
    list.forEach((r, s) => {
      qs.set(q.data.subarray(r * D, (r + 1) * D), s * D);
    });
    const ratios = list.map(() => new Float64Array(Nk));
    for (let start = 1; start < Nk; start += chunk) {
      const size = Math.min(chunk, Nk - start);
      const ks = new Float32Array((size + 1) * D);
      ks.set(k.data.subarray(kvBase, kvBase + D));
      ks.set(k.data.subarray(kvBase + start * D, kvBase + (start + size) * D), D);
      const w = variant.weights(
        { data: qs, shape: [1, 1, list.length, D] },
        { data: ks, shape: [1, 1, size + 1, D] },
        { causal: false, ...(options.scale === undefined ? {} : { scale: options.scale }) },
      );
      if (w.kind !== 'dense')
        throw new AttentionError(
          'UNSUPPORTED',
          'variant.weights',
          'dense weights (a kernel-normalised variant)',
          w.kind,
        );
      list.forEach((r, s) => {
        const ref = w.data[s * (size + 1)];
        if (!(ref > 0))
          throw new AttentionError(
            'UNSUPPORTED',
            'variant.weights',
            `a positive weight on key 0 (row ${r})`,
            String(ref),
          );
        for (let x = 0; x < size; x++) ratios[s][start + x] = w.data[s * (size + 1) + 1 + x] / ref;
      });
    }
    list.forEach((r, s) => {
      const ratio = ratios[s];
      ratio[0] = 1;
      const end = options.causal ? Math.max(0, Math.min(Nk, (r % Nq) + offset + 1)) : Nk;
      let sum = 0;
      for (let j = 0; j < end; j++) sum += ratio[j];
      for (let j = 0; j < Nk; j++) ratio[j] = j < end ? ratio[j] / sum : 0;
      result.set(r, ratio);
    });
  }
  return (r) => {
    const w = result.get(r);
    if (!w)
      throw new AttentionError(
        'INVALID_CONFIG',
        'row',
        'a row passed to probeRowWeights',
        String(r),
      );
    return w;
  };
}
