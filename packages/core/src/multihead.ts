import { configInteger } from './config.ts';
import { AttentionError, describe } from './errors.ts';
import { matmul, mergeHeads, splitHeads } from './head-layout.ts';
import { type MultiHeadGradients, multiHeadBackward } from './multihead-backward.ts';
import { addPositions } from './positional/absolute.ts';
import type { Rope } from './positional/rope.ts';
import { createRng } from './rng.ts';
import { assertTensor, type Tensor } from './tensor.ts';
import type { AttentionOptions, AttentionVariant } from './types.ts';

/** Projection matrices, row-major [in, out]: y = x · W. */
export interface MultiHeadWeights {
  wq: Float32Array; // [dModel, H·Dh]
  wk: Float32Array; // [dModel, Hkv·Dh]
  wv: Float32Array; // [dModel, Hkv·Dh]
  wo: Float32Array; // [H·Dh, dModel]
}

/** The shape, attention variant, initialisation and positions of a multi-head module. */
export interface MultiHeadConfig {
  dModel: number;
  heads: number;
  /** Key/value heads; a divisor of heads (grouped-query attention). Default: heads. */
  kvHeads?: number;
  /** Default: dModel / heads. */
  headDim?: number;
  attention: AttentionVariant;
  /** Seed for the default N(0, 1/dModel) initialisation. */
  seed?: number;
  weights?: Partial<MultiHeadWeights>;
  positional?: MultiHeadPositional;
}

/** Positions for the module: absolute tables on the inputs, RoPE on q and k. Score biases (ALiBi, T5) go in the forward options. */
export interface MultiHeadPositional {
  /** Rotates q and k by position (self-attention only: row n at position n). */
  rope?: Rope;
  /** [L, dModel] added to x (and to the context) before the projections: sinusoidalEncoding or learnedPositions. */
  absolute?: Float32Array;
}

/** A multi-head attention module: projections around any `AttentionVariant` (`multiHeadAttention(config)`). */
export interface MultiHeadAttention {
  readonly config: Readonly<Required<Omit<MultiHeadConfig, 'weights' | 'positional'>>> & {
    positional?: MultiHeadPositional;
  };
  readonly weights: MultiHeadWeights;
  /** x [B, N, dModel]; context [B, M, dModel] for cross-attention (keys and values from it). */
  forward(x: Tensor, context?: Tensor | null, options?: AttentionOptions): Tensor;
  /**
   * Gradients of a loss given dOut = ∂L/∂forward(x, context) [B, N, dModel]: of the input(s)
   * and of W_Q, W_K, W_V, W_O, through RoPE and absolute positions (their tables are fixed).
   * Recomputes the forward; needs an attention variant with traits.backward (else UNSUPPORTED).
   */
  backward(
    x: Tensor,
    context: Tensor | null | undefined,
    dOut: Tensor,
    options?: AttentionOptions,
  ): MultiHeadGradients;
}

function initWeight(
  given: Float32Array | undefined,
  name: string,
  rows: number,
  cols: number,
  rng: ReturnType<typeof createRng>,
): Float32Array {
  if (given !== undefined) {
    if (!(given instanceof Float32Array) || given.length !== rows * cols) {
      throw new AttentionError(
        'SHAPE_MISMATCH',
        `weights.${name}`,
        `Float32Array(${rows * cols}) for [${rows}, ${cols}]`,
        describe(given),
      );
    }
    return given;
  }
  const w = new Float32Array(rows * cols);
  const std = 1 / Math.sqrt(rows);
  for (let i = 0; i < w.length; i++) w[i] = rng.normal() * std;
  return w;
}

/**
 * Multi-head attention around any variant: project x to q (and x or context to k, v), split
 * into heads, attend, merge heads, project out.
 */
export function multiHeadAttention(config: MultiHeadConfig): MultiHeadAttention {
  const dModel = configInteger(config.dModel, 'config.dModel', 0);
  const heads = configInteger(config.heads, 'config.heads', 0);
  const kvHeads = configInteger(config.kvHeads, 'config.kvHeads', heads, 1, heads);
  if (heads % kvHeads !== 0)
    throw new AttentionError(
      'INVALID_CONFIG',
      'config.kvHeads',
      `a divisor of heads (${heads})`,
      String(kvHeads),
    );
  if (config.headDim === undefined && dModel % heads !== 0) {
    throw new AttentionError(
      'INVALID_CONFIG',
      'config.headDim',
      `given, since dModel ${dModel} is not a multiple of heads`,
      'undefined',
    );
  }
  const headDim = configInteger(config.headDim, 'config.headDim', dModel / heads);
  if (!config.attention || typeof config.attention.forward !== 'function') {
    throw new AttentionError(
      'INVALID_CONFIG',
      'config.attention',
      'an AttentionVariant',
      describe(config.attention),
    );
  }
  const seed = config.seed ?? 0;
  const rng = createRng(seed);
  const given = config.weights ?? {};
  const weights: MultiHeadWeights = {
    wq: initWeight(given.wq, 'wq', dModel, heads * headDim, rng),
    wk: initWeight(given.wk, 'wk', dModel, kvHeads * headDim, rng),
    wv: initWeight(given.wv, 'wv', dModel, kvHeads * headDim, rng),
    wo: initWeight(given.wo, 'wo', heads * headDim, dModel, rng),
  };
  const attention = config.attention;
  /** Checks x and context, adds positions, projects and splits heads, applies RoPE. */
  const prepare = (x: Tensor, context: Tensor | null | undefined) => {
    assertTensor(x, 'x', 3);
    if (x.shape[2] !== dModel)
      throw new AttentionError(
        'SHAPE_MISMATCH',
        'x.shape[2] (dModel)',
        String(dModel),
        String(x.shape[2]),
      );
    if (context) {
      assertTensor(context, 'context', 3);
      if (context.shape[0] !== x.shape[0])
        throw new AttentionError(
          'SHAPE_MISMATCH',
          'context.shape[0] (batch)',
          String(x.shape[0]),
          String(context.shape[0]),
        );
      if (context.shape[2] !== dModel)
        throw new AttentionError(
          'SHAPE_MISMATCH',
          'context.shape[2] (dModel)',
          String(dModel),
          String(context.shape[2]),
        );
    }
    const positional = config.positional;
    if (positional?.rope && context) {
      throw new AttentionError(
        'UNSUPPORTED',
        'positional.rope',
        'self-attention (no context)',
        'a context tensor',
        'RoPE positions are defined for one sequence',
      );
    }
    const withPositions = (t: Tensor) =>
      positional?.absolute ? addPositions(t, positional.absolute) : t;
    const xs = withPositions(x);
    const ctx = context ? withPositions(context) : xs;
    const [B, N] = x.shape;
    const M = ctx.shape[1];
    const project = (t: Tensor, rows: number, w: Float32Array, h: number) =>
      splitHeads(matmul(t.data, B * rows, dModel, w, h * headDim), B, rows, h, headDim);
    let q = project(xs, N, weights.wq, heads);
    let k = project(ctx, M, weights.wk, kvHeads);
    const v = project(ctx, M, weights.wv, kvHeads);
    if (positional?.rope) {
      q = positional.rope.apply(q);
      k = positional.rope.apply(k);
    }
    return { xs, ctx, q, k, v, B, N, M };
  };
  return {
    config: { dModel, heads, kvHeads, headDim, attention, seed, positional: config.positional },
    weights,
    forward(x, context, options) {
      const { q, k, v, B, N } = prepare(x, context);
      const o = attention.forward(q, k, v, options);
      return {
        data: matmul(mergeHeads(o), B * N, heads * headDim, weights.wo, dModel),
        shape: [B, N, dModel],
      };
    },
    backward(x, context, dOut, options) {
      return multiHeadBackward(
        { attention, weights, heads, kvHeads, headDim, dModel, rope: config.positional?.rope },
        prepare(x, context),
        dOut,
        options,
      );
    },
  };
}
