import { AttentionError, configInteger } from '@attnkit/core';

/** A required integer ≥ min: INVALID_CONFIG naming `name` when missing or out of range. */
export function requiredInteger(value: unknown, name: string, min: number): number {
  if (value === undefined)
    throw new AttentionError('INVALID_CONFIG', name, `an integer >= ${min}`, 'undefined');
  return configInteger(value, name, min, min);
}
