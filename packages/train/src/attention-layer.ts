/**
 * The one seam between the model and attention: a causal multi-head self-attention layer with
 * its own parameters and backward. `variantAttention` (variant-layer.ts) fills it with any
 * attnkit variant through core's multi-head module; tests fill it with a float64 reference.
 */
import type { Activation, Floats } from './floats.ts';

/** A trainable array; `decay` says whether AdamW's weight decay applies (matrices, not gains). */
export interface Param {
  readonly name: string;
  readonly data: Floats;
  readonly decay: boolean;
}

/**
 * What the model asks of attention: a causal self-attention layer that owns its parameters and
 * computes its own backward, so the model's hand-written backward never needs to know which
 * variant (or reference) is inside. Build one with `variantAttention`.
 */
export interface AttentionLayer {
  /** Updated in place by the optimiser. */
  readonly params: readonly Param[];
  /**
   * x [B, N, dModel] → causal self-attention output [B, N, dModel]. `training`: a backward of
   * the same `x.data` follows before the params change, so the layer may keep what it needs.
   */
  forward(x: Activation, training?: boolean): Floats;
  /** ∂L/∂x and one gradient per param (same order), given dOut = ∂L/∂forward(x). */
  backward(x: Activation, dOut: Floats): { dx: Floats; grads: Floats[] };
  /** Milliseconds spent so far inside the attention variant itself (not its projections). */
  readonly kernelMs?: number;
}

/** What the model tells a factory about each layer it builds: widths, a seed, its position. */
export interface AttentionLayerShape {
  dModel: number;
  heads: number;
  /** Seeds this layer's initialisation (the model derives one per layer). */
  seed: number;
  /** Index of the layer, for parameter names. */
  layer: number;
}

/**
 * Builds one fresh attention layer per model layer (`createModel` calls it `layers` times), so
 * layers never share weights; `variantAttention(variant)` returns one.
 */
export type AttentionLayerFactory = (shape: AttentionLayerShape) => AttentionLayer;
