import { AttentionError } from './errors.ts';

/**
 * Refuses, before anything is allocated, work whose predicted peak exceeds the budget. Every
 * variant words it the same way so a caller can read `argument` and act on it.
 */
export function refuseOverBudget(
  predictedBytes: number,
  memoryBudget: number,
  argument: string,
  hint?: string,
): void {
  // NaN or Infinity means the prediction itself overflowed: refuse rather than try.
  if (!(predictedBytes <= memoryBudget))
    throw new AttentionError(
      'MEMORY_BUDGET',
      argument,
      `within memoryBudget ${memoryBudget} bytes`,
      `a predicted peak of ${predictedBytes} bytes`,
      hint ?? 'raise memoryBudget, or pass smaller sizes',
    );
}
