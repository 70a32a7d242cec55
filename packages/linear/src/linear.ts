/**
 * Linear attention: softmax(scale·QKᵀ) replaced by the kernel φ(Q)φ(K)ᵀ, reordered as
 * φ(Q)(φ(K)ᵀV) so time grows as N·m·(d + Dv), not N². Not exact: traits say so.
 * Letters: b batch, h head, n length, d head dim, m features, c chunk.
 */
import {
  AttentionError,
  type AttentionOptions,
  type AttentionShape,
  type AttentionWeights,
  configInteger,
  type DecoderOptions,
  type DecoderShape,
  defineVariant,
  option,
  type Tensor,
  validateCall,
  validateDecoderShape,
  validateShape,
  weightsViaIdentity,
} from '@attnkit/core';
import { backendOption, getKernels } from '@attnkit/kernels';
import { linearCost } from './cost.ts';
import { linearDecoder, linearDecoderBytes } from './decoder.ts';
import {
  DEFAULT_STABILIZER,
  type Directions,
  directionsFor,
  type FeatureSettings,
  featureCount,
} from './feature-map.ts';
import { forwardLinear } from './forward.ts';
import { linearTraining } from './training.ts';

const TRAITS = {
  exact: false,
  causal: true,
  crossAttention: true,
  keyLengths: true,
  weights: true,
  decoder: true,
  scoreBias: false,
  backward: true,
  complexity: { time: 'O(N·m·(D + Dv))', memory: 'O(N·D + m·Dv + chunk·m)' },
} as const;

/** A kernel feature map has no score to add a bias to: refused with the reason in the message. */
function refuseScoreBias(options: AttentionOptions | undefined): AttentionOptions | undefined {
  if (options && typeof options === 'object' && options.scoreBias !== undefined)
    throw new AttentionError(
      'UNSUPPORTED',
      'options.scoreBias',
      'undefined for linear (a feature map has no scores to bias)',
      `a ${(options.scoreBias as { kind?: string }).kind ?? 'score'} bias`,
    );
  return options;
}

/** Bytes of the random directions ω (m × d floats) a favor variant draws for head dim d. */
const directionBytes = (s: FeatureSettings, d: number) =>
  s.featureMap === 'favor' ? 4 * featureCount(s, d) * d : 0;

const defined = defineVariant({
  name: 'linear',
  traits: TRAITS,
  options: {
    featureMap: option.oneOf(
      ['elu', 'relu', 'favor'] as const,
      "φ: 'elu' (elu + 1, default), 'relu', or 'favor' (Performer's positive random features).",
      'elu',
    ),
    features: option.integer('favor: number of random features m. Default 256.', 256),
    seed: option.integer('favor: seed of the random directions. Default 0.', 0, {
      min: 0,
      max: 2 ** 32 - 1,
    }),
    orthogonal: option.boolean(
      'favor: orthogonal blocks of directions (lower variance). Default true.',
      true,
    ),
    stabilizer: option.number(
      'favor: floor added to each key feature (default 1e-20); elu, relu: lower bound of each non-zero normaliser (0, 1e-6).',
      undefined,
      { min: 0 },
    ),
    chunk: option.integer(
      'Rows per tile; in causal mode the in-chunk block is chunk × chunk. Default 64.',
      64,
    ),
    backend: backendOption,
  },
  build(config, { refuseOver }) {
    const { featureMap, chunk, memoryBudget, backend } = config;
    const settings: FeatureSettings = {
      featureMap,
      features: config.features,
      seed: config.seed,
      orthogonal: config.orthogonal,
      stabilizer: config.stabilizer ?? DEFAULT_STABILIZER[featureMap],
    };
    const kernels = getKernels(backend);
    const cache = new Map<number, Directions>();
    const dirsFor = (d: number): Directions | null => {
      if (featureMap !== 'favor') return null;
      let dirs = cache.get(d);
      if (!dirs) {
        refuseOver(directionBytes(settings, d), `random features (${settings.features} × ${d})`);
        dirs = directionsFor(settings, d);
        cache.set(d, dirs);
      }
      return dirs;
    };
    const cost = (shape: AttentionShape, options?: AttentionOptions) =>
      linearCost(settings, validateShape({ ...shape }), options, chunk);

    const forward = (q: Tensor, k: Tensor, v: Tensor, options?: AttentionOptions): Tensor => {
      const call = validateCall(q, k, v, refuseScoreBias(options), TRAITS, 'linear');
      const D = call.shape.headDim;
      refuseOver(cost(call.shape, options).peakBytes + directionBytes(settings, D), 'q, k, v');
      return forwardLinear(kernels, settings, dirsFor(D), call, q, k, v, chunk);
    };

    const weights = (q: Tensor, k: Tensor, options?: AttentionOptions): AttentionWeights => {
      // Attending to the identity on the keys (V = I) returns exactly the applied map.
      const { shape } = validateCall(q, k, k, refuseScoreBias(options), TRAITS, 'linear');
      return weightsViaIdentity(forward, q, k, options, shape, refuseOver);
    };

    const decoder = (shape: DecoderShape, options?: DecoderOptions) => {
      const dims = validateDecoderShape(shape);
      refuseOver(
        linearDecoderBytes(kernels, settings, dims) + directionBytes(settings, dims.headDim),
        'decoder(shape) (state Σφ(k)vᵀ, Σφ(k))',
      );
      return linearDecoder(kernels, settings, dirsFor, dims, options);
    };

    return {
      backend: kernels.name,
      get config() {
        return {
          featureMap,
          ...(featureMap === 'favor'
            ? { features: settings.features, seed: settings.seed, orthogonal: settings.orthogonal }
            : {}),
          stabilizer: settings.stabilizer,
          chunk,
          memoryBudget,
          backend,
        };
      },
      forward,
      cost,
      weights,
      decoder,
      ...linearTraining({
        kernels,
        settings,
        chunk,
        memoryBudget,
        traits: TRAITS,
        dirsFor,
        forward,
        forwardCost: cost,
      }),
      /** Draws new random features (favor) from a new seed (default: the next one). */
      redraw(seed?: number) {
        settings.seed = configInteger(
          seed,
          'redraw(seed)',
          (settings.seed + 1) >>> 0,
          0,
          2 ** 32 - 1,
        );
        cache.clear();
      },
    };
  },
});

/** Config of `linear()`: featureMap, features, seed, orthogonal, stabilizer, chunk, memoryBudget, backend. */
export type LinearConfig = NonNullable<Parameters<typeof defined.create>[0]>;

/** A linear-attention variant; `redraw` draws new random features (favor) from a new seed. */
export type LinearVariant = ReturnType<typeof defined.create>;

/**
 * Linear attention: softmax(qkᵀ)v approximated by φ(q)(φ(k)ᵀv) / φ(q)(φ(k)ᵀ1), O(N·m·D) time and
 * O(N·D) memory, a constant-size decoder state. Not exact: measure what it keeps with
 * `approximationError` or `@attnkit/metrics` before relying on it.
 */
export const linear: (config?: LinearConfig) => LinearVariant = defined.create;

/** For spec strings: `linear`, `linear:featureMap=favor,features=256`. */
export const linearDefinition = defined.definition;

/** The settings a variant built from `config` uses: what `naiveLinear` needs to be its oracle. */
export function featureSettings(config: LinearConfig = {}): FeatureSettings {
  const featureMap = config.featureMap ?? 'elu';
  return {
    featureMap,
    features: config.features ?? 256,
    seed: config.seed ?? 0,
    orthogonal: config.orthogonal ?? true,
    stabilizer: config.stabilizer ?? DEFAULT_STABILIZER[featureMap],
  };
}
