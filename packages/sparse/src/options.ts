import { AttentionError, configInteger, describe } from '@attnkit/core';

/** Pattern-option checks, worded like the factories' own. */
export const positive = (value: unknown, name: string, fallback: number) =>
  configInteger(value, name, fallback, 1);
export const nonNegative = (value: unknown, name: string, fallback: number) =>
  configInteger(value, name, fallback, 0);

/** An odd band width in blocks: the diagonal block and (w − 1) / 2 on each side. */
export function oddWindow(value: unknown, name: string, fallback: number): number {
  const w = positive(value, name, fallback);
  if (w % 2 === 0)
    throw new AttentionError(
      'INVALID_CONFIG',
      name,
      'an odd integer >= 1 (centred band)',
      String(w),
    );
  return w;
}

/** A list of distinct non-negative integers (block or token indices). */
export function indexList(value: unknown, name: string): number[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((x) => !Number.isInteger(x) || x < 0)) {
    throw new AttentionError('INVALID_CONFIG', name, 'an array of integers >= 0', describe(value));
  }
  return [...new Set(value as number[])].sort((a, b) => a - b);
}
