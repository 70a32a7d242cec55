/**
 * The one list of variant definitions the app knows. Spec strings (`local-window:window=256`)
 * resolve against it; every other file reads cost() and traits, never these names.
 * A definition is listed here once its package exports it.
 */
import { chunkedDefinition } from '@attnkit/chunked';
import { type AttentionVariant, parseSpec, type VariantDefinition } from '@attnkit/core';
import { fullDefinition } from '@attnkit/full';
import { sparseDefinition } from '@attnkit/sparse';

export const definitions: readonly VariantDefinition<object>[] = [
  fullDefinition,
  chunkedDefinition,
  sparseDefinition,
] as unknown as readonly VariantDefinition<object>[];

/** The suite the issue asks for; specs whose package is not listed above are reported, not run. */
export const DEFAULT_SPECS = [
  'full',
  'chunked',
  'local-window:window=256',
  'sparse:pattern=bigbird,block=64',
  'linear:featureMap=elu',
  'linear:featureMap=favor,features=256',
] as const;

/** Exact baselines for the gate beyond float64 sizes and for crossovers, preferred first. */
export const EXACT_BASELINES = ['chunked', 'full'] as const;

export const hasDefinition = (name: string) => definitions.some((d) => d.name === name);

/** `name` of a spec string (before the colon). */
export const specName = (spec: string) => {
  const colon = spec.indexOf(':');
  return (colon < 0 ? spec : spec.slice(0, colon)).trim();
};

/** The variant a spec names, with --backend applied unless the spec sets its own. */
export function createVariant(spec: string, backend: 'auto' | 'js' | 'wasm'): AttentionVariant {
  const { definition, config } = parseSpec(spec, definitions);
  if (definition.options.backend !== undefined && config.backend === undefined)
    config.backend = backend;
  return definition.create(config);
}
