import { chunked } from '@attnkit/chunked';
import type {
  AttentionOptions,
  AttentionShape,
  AttentionVariant,
  MaskFn,
  Tensor,
  Tensor64,
} from '@attnkit/core';
import { full } from '@attnkit/full';
import { featureSettings, type LinearConfig, linear, naiveLinear } from '@attnkit/linear';
import { type LocalWindowConfig, localWindow, localWindowMask } from '@attnkit/local-window';
import { layoutMask, type SparseAttention, type SparseConfig, sparse } from '@attnkit/sparse';

export const VARIANT_NAMES = ['full', 'chunked', 'local-window', 'sparse', 'linear'] as const;
export type VariantName = (typeof VARIANT_NAMES)[number];

/** A variant under test and what it must equal: the reference under its mask, or its naive form. */
export interface Subject {
  variant: AttentionVariant;
  /** The variant's own mask beyond causal and padding (undefined: none). */
  mask(shape: AttentionShape, options: AttentionOptions): MaskFn | undefined;
  /** Linear's oracle: its naive float64 form (output, and the map when asked). */
  naive?: (
    q: Tensor,
    k: Tensor,
    v: Tensor,
    options: AttentionOptions,
    withWeights: boolean,
  ) => { output: Tensor64; weights: Tensor64 | null };
}

/** Builds the variant named with a config (any value: hostile configs are part of the test). */
export function makeSubject(name: VariantName, config: Record<string, unknown>): Subject {
  switch (name) {
    case 'full':
      return { variant: full(config), mask: () => undefined };
    case 'chunked':
      return { variant: chunked(config), mask: () => undefined };
    case 'local-window': {
      const c = config as LocalWindowConfig;
      const variant = localWindow(c);
      const sided = c.left !== undefined || c.right !== undefined;
      const band = {
        left: sided ? (c.left ?? 0) : (c.window ?? 256),
        right: sided ? (c.right ?? 0) : (c.window ?? 256),
        dilation: c.dilation ?? 1,
      };
      return { variant, mask: (shape) => localWindowMask(shape, band) };
    }
    case 'sparse': {
      const variant = sparse(config as SparseConfig) as SparseAttention;
      return {
        variant,
        mask: (shape, options) => layoutMask(variant.layout(shape, options), shape),
      };
    }
    case 'linear': {
      const variant = linear(config as LinearConfig);
      const settings = featureSettings(config as LinearConfig);
      return {
        variant,
        mask: () => undefined,
        naive: (q, k, v, o, withWeights) => naiveLinear(q, k, v, o, settings, withWeights),
      };
    }
  }
}
