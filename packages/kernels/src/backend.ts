import { AttentionError, describe } from '@attnkit/core';
import { jsKernels } from './js/index.ts';
import type { BackendChoice, Kernels } from './types.ts';

const CHOICES: readonly BackendChoice[] = ['auto', 'js', 'wasm'];

/** The kernels for a backend choice; 'auto' is the fastest that this runtime validates. */
export function getKernels(choice: BackendChoice = 'auto'): Kernels {
  if (!CHOICES.includes(choice))
    throw new AttentionError('INVALID_CONFIG', 'backend', CHOICES.join(' | '), describe(choice));
  if (choice === 'wasm')
    throw new AttentionError(
      'UNSUPPORTED',
      'backend',
      "'auto' or 'js' (no wasm backend is built yet)",
      "'wasm'",
    );
  return jsKernels;
}

/** Backends this runtime can run, fastest first. */
export function availableBackends(): Kernels[] {
  return [jsKernels];
}

/**
 * The backend choices this runtime can run, for tests and benchmarks that must cover every
 * backend: `describe.each(backendChoices())` runs a suite once per backend.
 */
export function backendChoices(): Exclude<BackendChoice, 'auto'>[] {
  return ['js'];
}
