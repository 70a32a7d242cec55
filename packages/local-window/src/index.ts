/**
 * Exact sliding-window attention (Longformer, Mistral), with dilation and a ring-buffer decoder.
 *
 * @module @attnkit/local-window
 */
export type { Band, LocalWindowConfig } from './config.ts';
export { bandPairs } from './cost.ts';
export type { LocalWindowDecoder } from './decoder.ts';
export { type LocalWindowVariant, localWindow, localWindowDefinition } from './local-window.ts';
export { bandMask as localWindowMask } from './naive.ts';
