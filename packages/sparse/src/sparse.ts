import {
  type AttentionOptions,
  type AttentionShape,
  type AttentionVariant,
  type AttentionWeights,
  type DecoderOptions,
  type DecoderShape,
  defineVariant,
  type Tensor,
  validateCall,
  validateShape,
} from '@attnkit/core';
import { getKernels, stageCall, stagedForwardBytes } from '@attnkit/kernels';
import { sparseTraining } from './backward.ts';
import { resolvePattern, SPARSE_OPTIONS } from './config.ts';
import { callLayoutPairs, sparseCost } from './cost.ts';
import { type SparseDecoder, sparseDecoder } from './decoder.ts';
import { forwardBytes, forwardSparse, tileScratch } from './forward.ts';
import type { BlockLayout } from './layout.ts';
import type { Pattern } from './patterns/pattern.ts';
import { sparseWeights, sparseWeightsBytes } from './weights.ts';

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

const defined = defineVariant({
  name: 'sparse',
  traits: TRAITS,
  options: SPARSE_OPTIONS,
  build(settings, { refuseOver }) {
    const { pattern, block, specConfig } = resolvePattern(settings);
    const { backend, memoryBudget } = settings;
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
          memoryBudget,
        });
        layout.assertCovers(shape.queryLength, shape.keyLength, shape.heads);
        if (cache.size >= 8) cache.delete(cache.keys().next().value as string);
        cache.set(key, layout);
      }
      return layout;
    };
    const cost = (shape: AttentionShape, options?: AttentionOptions) => {
      const s = validateShape({ ...shape });
      return sparseCost(s, layoutFor(s, options?.causal ?? false), options);
    };

    const forward = (q: Tensor, k: Tensor, v: Tensor, options?: AttentionOptions): Tensor => {
      const call = validateCall(q, k, v, options, TRAITS, 'sparse');
      // The b×b tiles first (block 10⁶ is refused here), then the layout with them.
      refuseOver(forwardBytes(call.shape, block), 'q, k, v');
      const layout = layoutFor(call.shape, call.causal);
      refuseOver(sparseCost(call.shape, layout, options).peakBytes, 'q, k, v');
      return forwardSparse(kernels, call, q, k, v, layout);
    };

    const weights = (q: Tensor, k: Tensor, options?: AttentionOptions): AttentionWeights => {
      const call = validateCall(q, k, k, options, TRAITS, 'sparse');
      const { batch: B, heads: H, queryLength: Nq } = call.shape;
      refuseOver(stagedForwardBytes(kernels, call.shape, tileScratch(block, 0)), 'weights(q, k)');
      const layout = layoutFor(call.shape, call.causal);
      // Sized from the predicted pair count before anything is built (issue 15, class 1).
      const pairs = callLayoutPairs(layout, call.shape, options);
      refuseOver(
        sparseWeightsBytes(B * H * Nq, pairs) + layout.bytes,
        'weights(q, k) (sparse rows)',
        'pass fewer heads or a shorter sequence, or use a sparser pattern',
      );
      const staged = stageCall(kernels, q.data, k.data, k.data, 0, tileScratch(block, 0));
      return sparseWeights(kernels, call, staged, layout, pairs);
    };

    return {
      backend: kernels.name,
      config: { ...specConfig, block, memoryBudget, backend },
      pattern,
      block,
      /** The block layout a call of this shape runs (causal changes random draws; see LayoutSizes). */
      layout: (shape: AttentionShape, options?: AttentionOptions): BlockLayout =>
        layoutFor(validateShape({ ...shape }), options?.causal ?? false),
      forward,
      cost,
      weights,
      decoder: (shape: DecoderShape, options?: DecoderOptions): SparseDecoder =>
        sparseDecoder(kernels, pattern, block, shape, options, memoryBudget),
      ...sparseTraining(kernels, layoutFor, TRAITS, cost, memoryBudget),
    };
  },
});

/** Config of `sparse()`: the pattern, its options, block, memoryBudget, backend. */
export type SparseConfig = NonNullable<Parameters<typeof defined.create>[0]>;

/**
 * Exact softmax attention on a block-sparse layout: only the (query block, key block) pairs the
 * pattern lists are computed, each as one tile through the kernels' online softmax.
 */
export const sparse: (config?: SparseConfig) => SparseAttention = defined.create;

/** For spec strings: `sparse:pattern=bigbird,block=64`, `sparse:pattern=longformer,globalBlocks=2`. */
export const sparseDefinition = defined.definition;
