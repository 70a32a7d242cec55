/**
 * Linear attention: softmax(scale·QKᵀ) replaced by the kernel φ(Q)φ(K)ᵀ, reordered as
 * φ(Q)(φ(K)ᵀV) so time grows as N·m·(d + Dv), not N². Not exact: traits say so.
 * Letters: b batch, h head, n length, d head dim, m features, c chunk.
 */
import {
  AttentionError,
  type AttentionOptions,
  type AttentionShape,
  type AttentionVariant,
  type AttentionWeights,
  configBoolean,
  configEnum,
  configInteger,
  configNumber,
  rejectUnknownKeys,
  type Tensor,
  type VariantDefinition,
  validateCall,
  validateShape,
  weightsViaIdentity,
} from '@attnkit/core';
import { BACKEND_CHOICES, type BackendChoice, getKernels, stageCall } from '@attnkit/kernels';
import { attendBidirectional } from './attend-bidirectional.ts';
import { attendCausal } from './attend-causal.ts';
import { linearCost, linearScratch } from './cost.ts';
import { linearDecoder } from './decoder.ts';
import {
  DEFAULT_STABILIZER,
  type Directions,
  directionsFor,
  type FeatureMapKind,
  type FeatureSettings,
  featureCount,
  normaliserEpsilon,
  writeOmegaT,
} from './feature-map.ts';
import { scratchLayout } from './scratch.ts';
import { linearTraining } from './training.ts';

export interface LinearConfig {
  /** φ: 'elu' (elu + 1, default), 'relu', or 'favor' (Performer's positive random features). */
  featureMap?: FeatureMapKind;
  /** favor: number of random features m. Default 256. */
  features?: number;
  /** favor: seed of the random directions. Default 0. */
  seed?: number;
  /** favor: orthogonal blocks of directions (lower variance). Default true. */
  orthogonal?: boolean;
  /** favor: floor added to each key feature (default 1e-20); elu, relu: lower bound of each non-zero normaliser (0, 1e-6). */
  stabilizer?: number;
  /** Rows per tile; in causal mode the in-chunk quadratic block is chunk × chunk. Default 64. */
  chunk?: number;
  /** Refuse (MEMORY_BUDGET) a call or weights() predicted to need more bytes. Default 2 GiB. */
  memoryBudget?: number;
  backend?: BackendChoice;
}

/** A linear-attention variant; `redraw` draws new random features (favor) from a new seed. */
export interface LinearVariant extends AttentionVariant {
  redraw(seed?: number): void;
}

const KEYS = [
  'featureMap',
  'features',
  'seed',
  'orthogonal',
  'stabilizer',
  'chunk',
  'memoryBudget',
  'backend',
] as const;
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

export function linear(config: LinearConfig = {}): LinearVariant {
  rejectUnknownKeys(config, KEYS, 'linear');
  const featureMap = configEnum(
    config.featureMap,
    'linear config.featureMap',
    ['elu', 'relu', 'favor'],
    'elu',
  );
  const settings: FeatureSettings = {
    featureMap,
    features: configInteger(config.features, 'linear config.features', 256),
    seed: configInteger(config.seed, 'linear config.seed', 0, 0, 2 ** 32 - 1),
    orthogonal: configBoolean(config.orthogonal, 'linear config.orthogonal', true),
    stabilizer: configNumber(
      config.stabilizer,
      'linear config.stabilizer',
      DEFAULT_STABILIZER[featureMap],
      0,
    ),
  };
  const chunk = configInteger(config.chunk, 'linear config.chunk', 64);
  const memoryBudget = configInteger(config.memoryBudget, 'linear config.memoryBudget', 2 ** 31);
  const backend = configEnum(config.backend, 'linear config.backend', BACKEND_CHOICES, 'auto');
  const kernels = getKernels(backend);
  const cache = new Map<number, Directions>();
  const dirsFor = (d: number): Directions | null => {
    if (featureMap !== 'favor') return null;
    let dirs = cache.get(d);
    if (!dirs) {
      dirs = directionsFor(settings, d);
      cache.set(d, dirs);
    }
    return dirs;
  };
  const cost = (shape: AttentionShape, options?: AttentionOptions) =>
    linearCost(kernels, settings, validateShape({ ...shape }), options, chunk);

  const forward = (q: Tensor, k: Tensor, v: Tensor, options?: AttentionOptions): Tensor => {
    const call = validateCall(q, k, v, refuseScoreBias(options), TRAITS, 'linear');
    const predicted = cost(call.shape, options).peakBytes;
    if (predicted > memoryBudget) {
      throw new AttentionError(
        'MEMORY_BUDGET',
        'q, k, v',
        `a call within memoryBudget ${memoryBudget} bytes`,
        `a predicted peak of ${predicted} bytes`,
      );
    }
    const { batch: B, heads: H, queryLength: Nq, headDim: D, valueDim: Dv } = call.shape;
    const m = featureCount(settings, D);
    const st = stageCall(
      kernels,
      q.data,
      k.data,
      v.data,
      B * H * Nq * Dv,
      linearScratch(settings, call.shape, chunk, call.causal),
    );
    const favor = featureMap === 'favor';
    const lay = scratchLayout(favor, D, m, Dv, chunk, call.causal, st.scratchOff);
    const dirs = dirsFor(D);
    if (dirs) writeOmegaT(dirs, D, m, call.scale, st.scratch, lay.omegaT);
    st.scratch.fill(1, lay.ones, lay.ones + chunk);
    const fm = {
      kernels,
      kind: featureMap,
      d: D,
      m,
      scale: call.scale,
      omegaT: st.scratch,
      omegaTOff: lay.omegaT,
      keyOffset: dirs?.keyOffset ?? 0,
      floor: favor ? settings.stabilizer : 0,
    };
    const attend = call.causal ? attendCausal : attendBidirectional;
    attend(call, st, fm, lay, chunk, normaliserEpsilon(settings));
    return { data: st.result(), shape: [B, H, Nq, Dv] };
  };

  const weights = (q: Tensor, k: Tensor, options?: AttentionOptions): AttentionWeights => {
    // Attending to the identity on the keys (V = I) returns exactly the applied map.
    const { shape } = validateCall(q, k, k, refuseScoreBias(options), TRAITS, 'linear');
    return weightsViaIdentity(forward, q, k, options, shape, memoryBudget);
  };

  return {
    name: 'linear',
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
    traits: TRAITS,
    forward,
    cost,
    weights,
    decoder: (shape, options) => linearDecoder(settings, dirsFor, shape, options),
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
}

/** For spec strings: `linear`, `linear:featureMap=favor,features=256`. */
export const linearDefinition: VariantDefinition<LinearConfig> = {
  name: 'linear',
  options: {
    featureMap: ['elu', 'relu', 'favor'],
    features: 'integer',
    seed: 'integer',
    orthogonal: 'boolean',
    stabilizer: 'number',
    chunk: 'integer',
    memoryBudget: 'integer',
    backend: BACKEND_CHOICES,
  },
  create: linear,
};

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
