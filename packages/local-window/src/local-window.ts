import {
  type AttentionOptions,
  type AttentionShape,
  type AttentionVariant,
  type AttentionWeights,
  type DecoderOptions,
  type DecoderShape,
  type Tensor,
  type VariantDefinition,
  type VariantTraits,
  validateCall,
  validateShape,
} from '@attnkit/core';
import { BACKEND_CHOICES, getKernels, stageCall } from '@attnkit/kernels';
import { attendLocal, forwardScratch } from './attend.ts';
import { localWindowTraining } from './backward.ts';
import { type LocalWindowConfig, resolveConfig } from './config.ts';
import { localCost } from './cost.ts';
import { type LocalWindowDecoder, ringDecoder } from './decoder.ts';
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

/**
 * Exact sliding-window attention: query i (at key position p = i + Nk − Nq) sees key j iff
 * j − p = m·dilation with −left <= m <= right, within causal and padding limits.
 */
export function localWindow(config: LocalWindowConfig = {}): LocalWindowVariant {
  const settings = resolveConfig(config);
  const { block } = settings;
  const band = { left: settings.left, right: settings.right, dilation: settings.dilation };
  const kernels = getKernels(settings.backend);
  const forward = (q: Tensor, k: Tensor, v: Tensor, options?: AttentionOptions): Tensor => {
    const call = validateCall(q, k, v, options, TRAITS, 'local-window');
    const {
      batch: B,
      heads: H,
      queryLength: Nq,
      keyLength: Nk,
      headDim: D,
      valueDim: Dv,
    } = call.shape;
    const scratch = forwardScratch(Nq, Nk, D, Dv, band, block);
    const staged = stageCall(kernels, q.data, k.data, v.data, B * H * Nq * Dv, scratch);
    attendLocal(kernels, call, staged, band, block);
    return { data: staged.result(), shape: [B, H, Nq, Dv] };
  };

  const weights = (q: Tensor, k: Tensor, options?: AttentionOptions): AttentionWeights => {
    const call = validateCall(q, k, k, options, TRAITS, 'local-window');
    return bandWeights(kernels, call, q.data, k.data, band, block);
  };

  const cost = (shape: AttentionShape, options?: AttentionOptions) =>
    localCost(kernels, validateShape({ ...shape }), options, band, block);
  return {
    name: 'local-window',
    config: settings.shown,
    traits: TRAITS,
    forward,
    cost,
    weights,
    decoder: (shape, options) => ringDecoder(kernels, shape, band, options),
    ...localWindowTraining(kernels, band, block, TRAITS, cost),
  };
}

/** For spec strings: `local-window:window=256`, `local-window:left=128,right=0,dilation=2`. */
export const localWindowDefinition: VariantDefinition<LocalWindowConfig> = {
  name: 'local-window',
  options: {
    window: 'integer',
    left: 'integer',
    right: 'integer',
    dilation: 'integer',
    block: 'integer',
    backend: BACKEND_CHOICES,
  },
  create: localWindow,
};
