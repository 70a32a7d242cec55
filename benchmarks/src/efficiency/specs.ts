/** The variants the efficiency suite times, by spec string, and the one list of definitions. */
import { chunkedDefinition } from '@attnkit/chunked';
import { type AttentionVariant, createFromSpec, type VariantDefinition } from '@attnkit/core';
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

export const variantOf = (spec: string): AttentionVariant => createFromSpec(spec, definitions);

const only = process.env.ONLY?.split(';');
const pick = (specs: string[]) => (only ? specs.filter((s) => only.includes(s)) : specs);

/** The exact baseline every rate is compared with in the same rounds. */
export const BASELINE = 'chunked';
/** Quadratic variants: timed at the short length only. */
export const QUADRATIC = pick(['full']);
/** Sub-quadratic variants: timed at the short and the long length, and their memory measured. */
export const SUBQUADRATIC = pick([
  'local-window:window=256',
  'sparse:pattern=bigbird,block=64',
  'linear:featureMap=elu',
  'linear:featureMap=relu',
  'linear:featureMap=favor,features=256',
]);

/** Decoders of the decode table (every variant has one). */
export const DECODERS = pick([
  'full',
  'chunked',
  'local-window:window=256',
  'sparse:pattern=bigbird,block=64',
  'linear:featureMap=elu',
  'linear:featureMap=favor,features=256',
]);
