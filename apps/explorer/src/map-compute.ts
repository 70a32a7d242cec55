/**
 * The computation behind the Maps and Heads views, run in a Web Worker (maps-worker.ts) so the
 * page stays responsive: the variant's `weights()` beside exact attention's (`full().weights`)
 * on the same q, k and options. Dense maps cost 4·H·N² bytes each, so the two maps are refused
 * past MAP_BUDGET_BYTES with a message (use Patterns for long N).
 */
import type { AttentionOptions, AttentionWeights } from '@attnkit/core';
import { applyPositional, type PositionalName } from './positional.ts';
import { createVariant, EXAMPLE_SPECS, exactVariant } from './variants.ts';
import { makeWorkload, type WorkloadName } from './workloads.ts';

export const MAP_BUDGET_BYTES = 512 * 1024 * 1024;

export interface MapSettings {
  spec: string;
  n: number;
  heads: number;
  headDim: number;
  causal: boolean;
  positional: PositionalName;
  workload: WorkloadName;
  seed: number;
}

export interface MapResult {
  settings: MapSettings;
  weights: AttentionWeights;
  exact: AttentionWeights;
  tokens?: Int32Array;
  ms: { variant: number; exact: number };
}

export const DEFAULT_SETTINGS: MapSettings = {
  spec: EXAMPLE_SPECS['local-window'],
  n: 256,
  heads: 4,
  headDim: 32,
  causal: false,
  positional: 'none',
  workload: 'text',
  seed: 1,
};

/** Computes both maps; throws the variant's AttentionError (or a budget message) as is. */
export function computeMaps(s: MapSettings): MapResult {
  const bytes = 2 * 4 * s.heads * s.n * s.n;
  if (bytes > MAP_BUDGET_BYTES)
    throw new Error(
      `two dense maps of ${s.heads} heads × ${s.n}² need ${(bytes / 2 ** 20).toFixed(0)} MiB, over the ` +
        `explorer's ${MAP_BUDGET_BYTES / 2 ** 20} MiB: lower N or heads, or see Patterns for long N`,
    );
  const variant = createVariant(s.spec);
  if (!variant.weights) throw new Error(`${variant.name} does not offer weights()`);
  const workload = makeWorkload(s.workload, {
    n: s.n,
    heads: s.heads,
    headDim: s.headDim,
    causal: s.causal,
    seed: s.seed,
  });
  const { q, k, scoreBias } = applyPositional(s.positional, workload.q, workload.k, s.heads);
  const options: AttentionOptions = { causal: s.causal, ...(scoreBias ? { scoreBias } : {}) };
  let t = performance.now();
  const weights = variant.weights(q, k, options);
  const variantMs = performance.now() - t;
  t = performance.now();
  const exact = exactVariant().weights!(q, k, options);
  return {
    settings: { ...s },
    weights,
    exact,
    tokens: workload.tokens,
    ms: { variant: variantMs, exact: performance.now() - t },
  };
}
