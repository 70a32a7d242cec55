import { type Tensor, zeros } from './tensor.ts';
import type { AttentionOptions, AttentionShape, AttentionWeights } from './types.ts';

/**
 * The dense map [B, H, Nq, Nk] a variant applies, read by attending to the identity on the keys
 * (V = I): row i of the output is then exactly row i of the normalised map. `refuseOver` gets
 * the map's and the identity's bytes before anything is allocated (the forward it then runs
 * checks its own peak).
 */
export function weightsViaIdentity(
  forward: (q: Tensor, k: Tensor, v: Tensor, options?: AttentionOptions) => Tensor,
  q: Tensor,
  k: Tensor,
  options: AttentionOptions | undefined,
  shape: AttentionShape,
  refuseOver: (predictedBytes: number, argument: string) => void,
): AttentionWeights {
  const { batch: B, heads: H, kvHeads: Hkv, queryLength: Nq, keyLength: Nk } = shape;
  refuseOver(4 * (B * H * Nq * Nk + B * Hkv * Nk * Nk), 'weights(q, k) (dense map)');
  const eye = zeros([B, Hkv, Nk, Nk]);
  for (let bh = 0; bh < B * Hkv; bh++)
    for (let j = 0; j < Nk; j++) eye.data[(bh * Nk + j) * Nk + j] = 1;
  const map = forward(q, k, eye, options);
  return { kind: 'dense', shape: [B, H, Nq, Nk], data: map.data };
}
