/**
 * Exact softmax attention, scores materialised a block of query rows at a time.
 *
 * @module @attnkit/full
 */
import { visiblePairCount } from '@attnkit/core';

export { type FullConfig, full, fullDefinition } from './full.ts';

/** @deprecated Use `visiblePairCount(Nq, Nk, { causal })` from `@attnkit/core`. */
export const visiblePairs = (Nq: number, Nk: number, causal: boolean): number =>
  visiblePairCount(Nq, Nk, { causal });
