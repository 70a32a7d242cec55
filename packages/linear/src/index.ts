/**
 * Linear attention (elu+1, ReLU, FAVOR+): a kernel approximation of softmax attention in O(N) time and memory.
 *
 * @module @attnkit/linear
 */
export { type ApproximationError, approximationError } from './approximation.ts';
export { linearCost } from './cost.ts';
export type { FeatureMapKind, FeatureSettings } from './feature-map.ts';
export {
  featureSettings,
  type LinearConfig,
  type LinearVariant,
  linear,
  linearDefinition,
} from './linear.ts';
export { naiveLinear } from './naive.ts';
