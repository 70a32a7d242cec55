import { chunkedDefinition } from '@attnkit/chunked';
import { type AttentionVariant, createFromSpec, type VariantDefinition } from '@attnkit/core';
import { fullDefinition } from '@attnkit/full';
import { linearDefinition } from '@attnkit/linear';
import { localWindowDefinition } from '@attnkit/local-window';
import { sparseDefinition } from '@attnkit/sparse';

/** The variant definitions the selector chooses among, in the order families are reported. */
export const DEFINITIONS: readonly VariantDefinition<object>[] = [
  fullDefinition,
  chunkedDefinition,
  localWindowDefinition,
  sparseDefinition,
  linearDefinition,
] as VariantDefinition<object>[];

/** Builds a variant from a spec string of any of the five families (INVALID_CONFIG otherwise). */
export const createVariant = (spec: string): AttentionVariant => createFromSpec(spec, DEFINITIONS);

/** Whether the family a spec names takes the option (read from its definition). */
export function hasOption(spec: string, key: string): boolean {
  const name = spec.split(':')[0];
  return key in (DEFINITIONS.find((d) => d.name === name)?.options ?? {});
}

/** The spec with one option set (keys kept in the order given, the new one last). */
export function withOption(spec: string, key: string, value: number | string): string {
  const [name, body = ''] = spec.split(':');
  const parts = body.split(',').filter((p) => p !== '' && !p.startsWith(`${key}=`));
  return `${name}:${[...parts, `${key}=${value}`].join(',')}`;
}
