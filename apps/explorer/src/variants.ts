/**
 * The five variants as a user of the packages would reach them: their spec-string definitions.
 * `createVariant` parses a spec (`local-window:window=64`) to the variant it names.
 */

import { chunkedDefinition } from '@attnkit/chunked';
import { type AttentionVariant, createFromSpec, type VariantDefinition } from '@attnkit/core';
import { fullDefinition } from '@attnkit/full';
import { linearDefinition } from '@attnkit/linear';
import { localWindowDefinition } from '@attnkit/local-window';
import { sparseDefinition } from '@attnkit/sparse';

export const DEFINITIONS: readonly VariantDefinition<object>[] = [
  fullDefinition,
  chunkedDefinition,
  localWindowDefinition,
  sparseDefinition,
  linearDefinition,
];

/** A starting spec per variant, sized for maps of a few hundred tokens. */
export const EXAMPLE_SPECS: Record<string, string> = {
  full: 'full',
  chunked: 'chunked:queryBlock=64,keyBlock=64',
  'local-window': 'local-window:window=16',
  sparse: 'sparse:pattern=bigbird,block=16,window=3,globalBlocks=1,randomBlocks=1',
  linear: 'linear:featureMap=favor,features=64,seed=1',
};

export function createVariant(spec: string): AttentionVariant {
  return createFromSpec(spec, DEFINITIONS);
}

/** The exact reference every map is compared with: dense softmax attention. */
export function exactVariant(): AttentionVariant {
  return createFromSpec('full', DEFINITIONS);
}
