import { AttentionError, type AttentionErrorCode } from '../errors.ts';
import { expect } from './peers.ts';

/** Runs `fn`, expects it to throw an AttentionError with `code`, and returns the error. */
export function expectRefusal(fn: () => unknown, code: AttentionErrorCode): AttentionError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught, 'expected a typed refusal').toBeInstanceOf(AttentionError);
  expect((caught as AttentionError).code).toBe(code);
  return caught as AttentionError;
}

/**
 * Expects a MEMORY_BUDGET refusal worded as every variant words it: the argument (matching
 * `argument`), "within memoryBudget N bytes", and "a predicted peak of M bytes" with M > N.
 */
export function expectOverBudget(fn: () => unknown, argument: RegExp): AttentionError {
  const err = expectRefusal(fn, 'MEMORY_BUDGET');
  expect(err.argument).toMatch(argument);
  const budget = Number(err.expected.match(/^within memoryBudget (\d+) bytes$/)?.[1]);
  const predicted = Number(err.received.match(/^a predicted peak of (\d+) bytes$/)?.[1]);
  expect(predicted).toBeGreaterThan(budget);
  return err;
}
