/**
 * The shipped attention layer: core's multi-head module (W_Q, W_K, W_V, W_O, RoPE on q and k)
 * around any attnkit variant, causal. A training forward keeps the module's training state
 * (projections and the variant's own saved state), so the backward neither re-projects nor
 * re-attends; evaluation forwards keep nothing.
 */
import {
  AttentionError,
  type AttentionVariant,
  rope as createRope,
  type MultiHeadTrainingState,
  multiHeadAttention,
  type Rope,
  type Tensor,
} from '@attnkit/core';
import type { AttentionLayerFactory } from './attention-layer.ts';
import type { Activation, Floats } from './floats.ts';

/** How `variantAttention` wraps the variant; today only the positional encoding. */
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

/** The variant with its forward, forwardForTraining and backward timed into `clock.ms`. */
function timedVariant(variant: AttentionVariant, clock: { ms: number }): AttentionVariant {
  const time =
    <A extends unknown[], R>(f: (...a: A) => R) =>
    (...a: A): R => {
      const t0 = performance.now();
      try {
        return f(...a);
      } finally {
        clock.ms += performance.now() - t0;
      }
    };
  return {
    ...variant,
    forward: time(variant.forward.bind(variant)),
    forwardForTraining:
      variant.forwardForTraining && time(variant.forwardForTraining.bind(variant)),
    backward: variant.backward && time(variant.backward.bind(variant)),
  };
}

/**
 * Turns an attnkit variant into the model's attention layers: four dModel×dModel projections
 * per layer, RoPE by default, causal. The variant needs a backward (`traits.backward`), else
 * `UNSUPPORTED`; it runs in float32. A layer's `kernelMs` is its time inside the variant.
 */
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
    const clock = { ms: 0 };
    const module = multiHeadAttention({
      dModel,
      heads,
      attention: timedVariant(variant, clock),
      seed,
      positional: positions ? { rope: positions } : undefined,
    });
    const params = KEYS.map((k) => ({
      name: `layers.${layer}.attention.${k}`,
      data: module.weights[k],
      decay: true,
    }));
    // The input tensor and state of the last training forward, keyed by the activation array.
    let pending: { data: Floats; x: Tensor; saved: MultiHeadTrainingState } | undefined;
    const tensor = (a: Activation, name: string): Tensor => ({
      data: float32(a.data, name),
      shape: a.shape,
    });
    return {
      params,
      get kernelMs() {
        return clock.ms;
      },
      forward(x, training = false) {
        const t = tensor(x, 'x');
        if (!training) {
          pending = undefined;
          return module.forward(t, null, { causal: true }).data;
        }
        const { output, saved } = module.forwardForTraining(t, null, { causal: true });
        pending = { data: x.data, x: t, saved };
        return output.data;
      },
      backward(x, dOut) {
        const keep = pending?.data === x.data ? pending : undefined;
        pending = undefined;
        const g = module.backward(
          keep?.x ?? tensor(x, 'x'),
          null,
          tensor({ data: dOut, shape: x.shape }, 'dOut'),
          { causal: true, saved: keep?.saved },
        );
        return { dx: g.dx.data, grads: KEYS.map((k) => g.dWeights[k]) };
      },
    };
  };
}
