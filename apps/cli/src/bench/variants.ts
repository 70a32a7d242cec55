/**
 * The one list of variant definitions the app knows. Spec strings (`local-window:window=256`)
 * resolve against it; every other file reads cost() and traits, never these names.
 * A definition is listed here once its package exports it.
 */

import { chunkedDefinition } from '@attnkit/chunked';
import { type AttentionVariant, parseSpec, type VariantDefinition } from '@attnkit/core';
import { fullDefinition } from '@attnkit/full';
import type { BackendChoice } from '@attnkit/kernels';
import { linearDefinition } from '@attnkit/linear';
import { localWindowDefinition } from '@attnkit/local-window';
import { sparseDefinition } from '@attnkit/sparse';

/**
 * Each definition with the module and export a pool worker imports it from (--threads > 1):
 * workers get a spec they can import, never an object.
 */
export const SOURCES = [
  { definition: fullDefinition, module: '@attnkit/full', export: 'fullDefinition' },
  { definition: chunkedDefinition, module: '@attnkit/chunked', export: 'chunkedDefinition' },
  {
    definition: localWindowDefinition,
    module: '@attnkit/local-window',
    export: 'localWindowDefinition',
  },
  { definition: sparseDefinition, module: '@attnkit/sparse', export: 'sparseDefinition' },
  { definition: linearDefinition, module: '@attnkit/linear', export: 'linearDefinition' },
] as const;

export const definitions = SOURCES.map(
  (s) => s.definition,
) as unknown as readonly VariantDefinition<object>[];

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

/** The variant a spec names and its resolved config, with --backend applied unless the spec sets its own. */
export function resolveVariant(spec: string, backend: BackendChoice) {
  const { definition, config } = parseSpec(spec, definitions);
  if (definition.options.backend !== undefined && config.backend === undefined)
    config.backend = backend;
  const source = SOURCES.find((s) => (s.definition as unknown) === definition);
  return {
    definition,
    config,
    source: source ? { module: source.module, export: source.export } : null,
  };
}

export function createVariant(spec: string, backend: BackendChoice): AttentionVariant {
  const { definition, config } = resolveVariant(spec, backend);
  return definition.create(config);
}
