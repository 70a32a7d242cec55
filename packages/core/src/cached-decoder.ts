import type { Tensor } from './tensor.ts';
import type { AttentionDecoder, DecoderShape } from './types.ts';
import { validateDecoderShape, validateDecoderStep } from './validate.ts';

/**
 * A KV-cache decoder for any exact variant: each step appends k and v, then attends the one new
 * query to every cached key. With Nq = 1 the causal bottom-right mask sees all cached keys, so
 * steps equal the causal forward of the whole sequence by construction. `refuseOver(bytes)` is
 * asked before the cache grows, with the predicted bytes of the grown cache and its one-step copy.
 */
export function cachedDecoder(
  shape: DecoderShape,
  attend: (q: Tensor, k: Tensor, v: Tensor) => Tensor,
  refuseOver?: (predictedBytes: number, argument: string) => void,
): AttentionDecoder {
  const dims = validateDecoderShape(shape);
  const { batch: B, kvHeads: Hkv, headDim: D, valueDim: Dv } = dims;
  let length = 0;
  let capacity = 0;
  let keys = new Float32Array(0);
  let values = new Float32Array(0);
  const grow = () => {
    const next = Math.max(16, capacity * 2);
    // The grown cache, the old one while copying, and the contiguous copy a step attends to.
    refuseOver?.(4 * B * Hkv * (D + Dv) * (next + capacity + next), 'decoder step (KV cache)');
    const k2 = new Float32Array(B * Hkv * next * D);
    const v2 = new Float32Array(B * Hkv * next * Dv);
    for (let bh = 0; bh < B * Hkv; bh++) {
      k2.set(keys.subarray(bh * capacity * D, (bh * capacity + length) * D), bh * next * D);
      v2.set(values.subarray(bh * capacity * Dv, (bh * capacity + length) * Dv), bh * next * Dv);
    }
    keys = k2;
    values = v2;
    capacity = next;
  };
  /** The first `length` cached rows of each head, contiguous, as [B, Hkv, length, dim]. */
  const contiguous = (cache: Float32Array, dim: number): Tensor => {
    const data = new Float32Array(B * Hkv * length * dim);
    for (let bh = 0; bh < B * Hkv; bh++)
      data.set(
        cache.subarray(bh * capacity * dim, (bh * capacity + length) * dim),
        bh * length * dim,
      );
    return { data, shape: [B, Hkv, length, dim] };
  };
  return {
    get position() {
      return length;
    },
    step(q, k, v) {
      validateDecoderStep(dims, q, k, v);
      if (length === capacity) grow();
      for (let bh = 0; bh < B * Hkv; bh++) {
        keys.set(k.data.subarray(bh * D, (bh + 1) * D), (bh * capacity + length) * D);
        values.set(v.data.subarray(bh * Dv, (bh + 1) * Dv), (bh * capacity + length) * Dv);
      }
      length++;
      return attend(q, contiguous(keys, D), contiguous(values, Dv));
    },
    reset() {
      length = 0;
    },
  };
}
