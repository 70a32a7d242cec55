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
