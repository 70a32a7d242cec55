/**
 * Exact softmax attention, scores materialised a block of query rows at a time.
 *
 * @module @attnkit/full
 */
export { visiblePairs } from './cost.ts';
export { type FullConfig, full, fullDefinition } from './full.ts';
