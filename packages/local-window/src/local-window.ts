import {
  type AttentionOptions,
  type AttentionShape,
  type AttentionVariant,
  type AttentionWeights,
  type DecoderOptions,
  type DecoderShape,
  defineVariant,
  type Tensor,
  type VariantTraits,
  validateCall,
  validateShape,
} from '@attnkit/core';
import { getKernels } from '@attnkit/kernels';
import { localWindowTraining } from './backward.ts';
import { bandSettings, LOCAL_WINDOW_OPTIONS, type LocalWindowConfig } from './config.ts';
import { localCost, weightsBytes } from './cost.ts';
import { type LocalWindowDecoder, ringDecoder } from './decoder.ts';
import { forwardLocal } from './forward.ts';
import { bandWeights } from './weights.ts';

const TRAITS: VariantTraits = {
  exact: true,
  causal: true,
  crossAttention: true,
  keyLengths: true,
  weights: true,
  decoder: true,
  // Dilated windows too: each residue class takes the bias in its own units (dilated-bias.ts).
  scoreBias: true,
  backward: true,
  complexity: { time: 'O(N·w·D)', memory: 'O(N·D + b·(b + D))' },
};

export interface LocalWindowVariant extends AttentionVariant {
  weights(q: Tensor, k: Tensor, options?: AttentionOptions): AttentionWeights;
  decoder(shape: DecoderShape, options?: DecoderOptions): LocalWindowDecoder;
}

const defined = defineVariant({
  name: 'local-window',
  traits: TRAITS,
  options: LOCAL_WINDOW_OPTIONS,
  build(settings, { given, refuseOver }) {
    const { left, right, dilation, block, shown } = bandSettings(settings, given);
    const band = { left, right, dilation };
    const kernels = getKernels(settings.backend);
    const cost = (shape: AttentionShape, options?: AttentionOptions) =>
      localCost(kernels, validateShape({ ...shape }), options, band, block);
    return {
      backend: kernels.name,
      config: shown,
      forward: (q: Tensor, k: Tensor, v: Tensor, options?: AttentionOptions): Tensor => {
        const call = validateCall(q, k, v, options, TRAITS, 'local-window');
        refuseOver(cost(call.shape, options).peakBytes, 'q, k, v');
        return forwardLocal(kernels, call, q, k, v, band, block);
      },
      cost,
      weights: (q: Tensor, k: Tensor, options?: AttentionOptions): AttentionWeights => {
        const call = validateCall(q, k, k, options, TRAITS, 'local-window');
        // Predicted from the pair count before any row is built (issue 15, class 2).
        refuseOver(
          weightsBytes(call.shape, options, band, block),
          'weights(q, k) (band rows)',
          'narrow the window or pass fewer heads',
        );
        return bandWeights(kernels, call, q.data, k.data, band, block);
      },
      decoder: (shape: DecoderShape, options?: DecoderOptions): LocalWindowDecoder =>
        ringDecoder(kernels, shape, band, options, refuseOver),
      ...localWindowTraining(kernels, band, block, TRAITS, cost, settings.memoryBudget),
    };
  },
});

/**
 * Exact sliding-window attention: query i (at key position p = i + Nk − Nq) sees key j iff
 * j − p = m·dilation with −left <= m <= right, within causal and padding limits.
 */
export const localWindow: (config?: LocalWindowConfig) => LocalWindowVariant = defined.create;

/** For spec strings: `local-window:window=256`, `local-window:left=128,right=0,dilation=2`. */
export const localWindowDefinition = defined.definition;
