/**
 * The shipped attention layer: core's multi-head module (W_Q, W_K, W_V, W_O, RoPE on q and k)
 * around any attnkit variant, causal; its backward is the module's, which runs the variant's
 * own `forwardForTraining` + `backward` (FlashAttention-2 style for the softmax variants).
 */
import {
  AttentionError,
  type AttentionVariant,
  rope as createRope,
  multiHeadAttention,
  type Rope,
  type Tensor,
} from '@attnkit/core';
import type { AttentionLayerFactory } from './attention-layer.ts';
import type { Activation, Floats } from './floats.ts';

export interface VariantLayerOptions {
  /** Rotary positions on q and k; default RoPE base 10000. `false`: no positional encoding. */
  rope?: Rope | false;
}

const KEYS = ['wq', 'wk', 'wv', 'wo'] as const;

function float32(data: Floats, name: string): Float32Array {
  if (data instanceof Float32Array) return data;
  throw new AttentionError(
    'UNSUPPORTED',
    name,
    'float32 activations',
    'float64',
    'variants run in float32',
  );
}

export function variantAttention(
  variant: AttentionVariant,
  options: VariantLayerOptions = {},
): AttentionLayerFactory {
  if (!variant.backward || !variant.forwardForTraining)
    throw new AttentionError(
      'UNSUPPORTED',
      'variant',
      'a variant with traits.backward',
      `'${variant.name}' without backward`,
    );
  const positions = options.rope === false ? undefined : (options.rope ?? createRope());
  return ({ dModel, heads, seed, layer }) => {
    const module = multiHeadAttention({
      dModel,
      heads,
      attention: variant,
      seed,
      positional: positions ? { rope: positions } : undefined,
    });
    const params = KEYS.map((k) => ({
      name: `layers.${layer}.attention.${k}`,
      data: module.weights[k],
      decay: true,
    }));
    const tensor = (a: Activation, name: string): Tensor => ({
      data: float32(a.data, name),
      shape: a.shape,
    });
    return {
      params,
      forward: (x) => module.forward(tensor(x, 'x'), null, { causal: true }).data,
      backward(x, dOut) {
        const g = module.backward(
          tensor(x, 'x'),
          null,
          tensor({ data: dOut, shape: x.shape }, 'dOut'),
          {
            causal: true,
          },
        );
        return { dx: g.dx.data, grads: KEYS.map((k) => g.dWeights[k]) };
      },
    };
  };
}
