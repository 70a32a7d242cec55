/**
 * Spec strings (`local-window:window=64`, `linear:featureMap=favor,features=64`) to variants,
 * against the five variant packages' definitions — the same syntax as `attnkit bench`.
 */
import { chunkedDefinition } from '@attnkit/chunked';
import { type AttentionVariant, parseSpec, type VariantDefinition } from '@attnkit/core';
import { fullDefinition } from '@attnkit/full';
import { linearDefinition } from '@attnkit/linear';
import { localWindowDefinition } from '@attnkit/local-window';
import { sparseDefinition } from '@attnkit/sparse';

const definitions = [
  fullDefinition,
  chunkedDefinition,
  localWindowDefinition,
  sparseDefinition,
  linearDefinition,
] as unknown as readonly VariantDefinition<object>[];

/** The variant a spec names; `backend` ('auto' | 'js' | 'wasm' | a build) applies unless the spec sets one. */
export function variantFromSpec(spec: string, backend = 'auto'): AttentionVariant {
  const { definition, config } = parseSpec(spec, definitions);
  const c = config as Record<string, unknown>;
  if (definition.options.backend !== undefined && c.backend === undefined) c.backend = backend;
  return definition.create(c);
}
