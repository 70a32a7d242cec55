import {
  type AttentionOptions,
  type AttentionShape,
  type AttentionVariant,
  type AttentionWeights,
  configEnum,
  type DecoderOptions,
  type DecoderShape,
  rejectUnknownKeys,
  type Tensor,
  type VariantDefinition,
  validateCall,
  validateShape,
} from '@attnkit/core';
import { BACKEND_CHOICES, getKernels, stageCall } from '@attnkit/kernels';
import { attendSparse, sparseScratch } from './attend.ts';
import { sparseTraining } from './backward.ts';
import { CONFIG_KEYS, PATTERN_NAMES, resolvePattern, type SparseConfig } from './config.ts';
import { sparseCost } from './cost.ts';
import { type SparseDecoder, sparseDecoder } from './decoder.ts';
import type { BlockLayout } from './layout.ts';
import type { Pattern } from './patterns/pattern.ts';
import { sparseWeights } from './weights.ts';

const TRAITS = {
  exact: true,
  causal: true,
  // The layout is defined over (query blocks × key blocks); windows follow the bottom-right diagonal.
  crossAttention: true,
  keyLengths: true,
  weights: true,
  decoder: true,
  scoreBias: true,
  backward: true,
  complexity: { time: 'O(nnz·b²·D) ≈ O(N·k·b·D), k blocks per row', memory: 'O(N·D + nnz + b²)' },
} as const;

/** The sparse variant, plus the layout it applies to a given call. */
export interface SparseAttention extends AttentionVariant {
  readonly pattern: Pattern;
  readonly block: number;
  /** The block layout a call of this shape runs (causal changes random draws; see LayoutSizes). */
  layout(shape: AttentionShape, options?: AttentionOptions): BlockLayout;
  weights(q: Tensor, k: Tensor, options?: AttentionOptions): AttentionWeights;
  decoder(shape: DecoderShape, options?: DecoderOptions): SparseDecoder;
}

/**
 * Exact softmax attention on a block-sparse layout: only the (query block, key block) pairs the
 * pattern lists are computed, each as one tile through the kernels' online softmax.
 */
export function sparse(config: SparseConfig = {}): SparseAttention {
  rejectUnknownKeys(config, CONFIG_KEYS, 'sparse');
  const { pattern, block, specConfig } = resolvePattern(config);
  const backend = configEnum(config.backend, 'sparse config.backend', BACKEND_CHOICES, 'auto');
  const kernels = getKernels(backend);
  // Layouts are pure functions of the sizes: keep the last few (fromMask layouts are costly).
  const cache = new Map<string, BlockLayout>();
  const layoutFor = (shape: AttentionShape, causal: boolean): BlockLayout => {
    const key = `${shape.queryLength},${shape.keyLength},${shape.heads},${causal}`;
    let layout = cache.get(key);
    if (!layout) {
      layout = pattern.layout({
        queryLength: shape.queryLength,
        keyLength: shape.keyLength,
        block,
        heads: shape.heads,
        causal,
      });
      layout.assertCovers(shape.queryLength, shape.keyLength, shape.heads);
      if (cache.size >= 8) cache.delete(cache.keys().next().value as string);
      cache.set(key, layout);
    }
    return layout;
  };

  const forward = (q: Tensor, k: Tensor, v: Tensor, options?: AttentionOptions): Tensor => {
    const call = validateCall(q, k, v, options, TRAITS, 'sparse');
    const layout = layoutFor(call.shape, call.causal);
    const { batch: B, heads: H, queryLength: Nq, valueDim: Dv } = call.shape;
    const staged = stageCall(
      kernels,
      q.data,
      k.data,
      v.data,
      B * H * Nq * Dv,
      sparseScratch(block, Dv),
    );
    attendSparse(kernels, call, staged, layout);
    return { data: staged.result(), shape: [B, H, Nq, Dv] };
  };

  const weights = (q: Tensor, k: Tensor, options?: AttentionOptions): AttentionWeights => {
    const call = validateCall(q, k, k, options, TRAITS, 'sparse');
    const staged = stageCall(kernels, q.data, k.data, k.data, 0, sparseScratch(block, 0));
    return sparseWeights(kernels, call, staged, layoutFor(call.shape, call.causal));
  };

  const cost = (shape: AttentionShape, options?: AttentionOptions) => {
    const s = validateShape({ ...shape });
    const causal = options?.causal ?? false;
    return sparseCost(kernels, s, layoutFor(s, causal), causal);
  };
  return {
    name: 'sparse',
    config: { ...specConfig, block, backend },
    traits: TRAITS,
    pattern,
    block,
    layout: (shape, options) => layoutFor(validateShape({ ...shape }), options?.causal ?? false),
    forward,
    cost,
    weights,
    decoder: (shape, options) => sparseDecoder(kernels, pattern, block, shape, options),
    ...sparseTraining(kernels, layoutFor, TRAITS, cost),
  };
}

/** For spec strings: `sparse:pattern=bigbird,block=64`, `sparse:pattern=longformer,globalBlocks=2`. */
export const sparseDefinition: VariantDefinition<SparseConfig> = {
  name: 'sparse',
  options: {
    pattern: PATTERN_NAMES,
    block: 'integer',
    window: 'integer',
    globalBlocks: 'integer',
    globalTokens: 'integer[]',
    randomBlocks: 'integer',
    stride: 'integer',
    summary: 'integer',
    seed: 'integer',
    perHead: 'boolean',
    backend: BACKEND_CHOICES,
  },
  create: sparse,
};
