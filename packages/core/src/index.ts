export { cachedDecoder } from './cached-decoder.ts';
export {
  configBoolean,
  configEnum,
  configInteger,
  configNumber,
  rejectUnknownKeys,
} from './config.ts';
export { AttentionError, type AttentionErrorCode, describe } from './errors.ts';
export {
  type MultiHeadAttention,
  type MultiHeadConfig,
  type MultiHeadWeights,
  multiHeadAttention,
} from './multihead.ts';
export type { MultiHeadGradients } from './multihead-backward.ts';
export * from './positional/index.ts';
export {
  asFloat32,
  type MaskFn,
  type ReferenceOptions,
  referenceAttention,
  referenceMaskAndBias,
} from './reference.ts';
export { type ReferenceGradients, referenceBackward } from './reference-backward.ts';
export { createRng, type Rng } from './rng.ts';
export { type ScoreBias, scoreBiasFn, validateScoreBias } from './score-bias.ts';
export {
  createFromSpec,
  formatSpec,
  type OptionKind,
  type ParsedSpec,
  parseSpec,
  type VariantDefinition,
} from './spec.ts';
export {
  assertFinite,
  assertTensor,
  randn,
  sizeOf,
  type Tensor,
  type Tensor64,
  tensor,
  zeros,
} from './tensor.ts';
export { type TiledBackwardBlocks, tiledReferenceBackward } from './tiled-reference-backward.ts';
export type {
  AttentionDecoder,
  AttentionGradients,
  AttentionOptions,
  AttentionShape,
  AttentionVariant,
  AttentionWeights,
  BackwardOptions,
  Cost,
  DecoderOptions,
  DecoderShape,
  ScoreBiasFn,
  TrainingState,
  VariantTraits,
} from './types.ts';
export {
  type ResolvedCall,
  resolveKeyLengths,
  resolveScale,
  validateCall,
  validateDecoderShape,
  validateDecoderStep,
  validateShape,
  visibleKeyEnd,
} from './validate.ts';
export { validateBackward } from './validate-backward.ts';
export { weightsViaIdentity } from './weights-via-identity.ts';
