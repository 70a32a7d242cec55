import type { Tensor, Tensor64 } from './tensor.ts';
import type { AttentionShape } from './types.ts';

/**
 * The attention shape of q [B, H, Nq, D], k [B, Hkv, Nk, D] and v [B, Hkv, Nk, Dv], read from
 * their shape fields without validation (`validateCall` checks them).
 */
export function attentionShapeOf(
  q: Tensor | Tensor64,
  k: Tensor | Tensor64,
  v: Tensor | Tensor64,
): AttentionShape {
  return {
    batch: q.shape[0],
    heads: q.shape[1],
    kvHeads: k.shape[1],
    queryLength: q.shape[2],
    keyLength: k.shape[2],
    headDim: q.shape[3],
    valueDim: v.shape[3],
  };
}
