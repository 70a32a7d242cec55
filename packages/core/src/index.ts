/**
 * Tensors, the attention-variant contract, errors, the float64 reference, spec strings, positional encodings, score biases, interop with onnxruntime and tfjs, and the multi-head module.
 *
 * @module @attnkit/core
 */
export { cachedDecoder } from './cached-decoder.ts';
export {
  configBoolean,
  configEnum,
  configInteger,
  configNumber,
  rejectUnknownKeys,
} from './config.ts';
export {
  type ConfigOf,
  type ConfigOption,
  type ConfigSchema,
  DEFAULT_MEMORY_BUDGET,
  memoryBudgetOption,
  option,
  parseConfig,
  type SettingsOf,
  specOptions,
} from './config-schema.ts';
export {
  type DefinedVariant,
  defineVariant,
  type VariantBody,
  type VariantOf,
  type VariantSpec,
  type VariantTools,
  type WithBudget,
} from './define-variant.ts';
export { AttentionError, type AttentionErrorCode, describe } from './errors.ts';
export {
  assertScoresFit,
  decoderRangeGuard,
  FLOAT32_MAX,
  FLOAT32_SCORE_LIMIT,
} from './float32-range.ts';
export { type HeadOffsets, headOffsets } from './head-offsets.ts';
export {
  fromOnnx,
  fromTfjs,
  type OnnxTensorConstructor,
  type OnnxTensorLike,
  type TfjsTensorFactory,
  type TfjsTensorLike,
  toOnnx,
  toTfjs,
} from './interop.ts';
export { refuseOverBudget } from './memory-budget.ts';
export {
  type MultiHeadAttention,
  type MultiHeadBackwardOptions,
  type MultiHeadConfig,
  type MultiHeadWeights,
  multiHeadAttention,
} from './multihead.ts';
export type {
  MultiHeadGradients,
  MultiHeadProjections,
  MultiHeadTrainingState,
} from './multihead-backward.ts';
export { callPairCount, type PairBand, type PairMask, visiblePairCount } from './pair-count.ts';
export * from './positional/index.ts';
export {
  asFloat32,
  type MaskFn,
  type ReferenceOptions,
  referenceAttention,
  referenceMaskAndBias,
} from './reference.ts';
export { type ReferenceGradients, referenceBackward } from './reference-backward.ts';
export {
  type RowReference,
  type RowReferenceOptions,
  referenceRows,
} from './reference-rows.ts';
export { createRng, type Rng } from './rng.ts';
export {
  assertBiasFits,
  checkedBiasFn,
  type ScoreBias,
  scoreBiasFn,
  validateScoreBias,
} from './score-bias.ts';
export { attentionShapeOf } from './shape-of.ts';
export {
  createFromSpec,
  formatSpec,
  type OptionKind,
  type ParsedSpec,
  parseSpec,
  type VariantDefinition,
} from './spec.ts';
export { compareKnobValues, expandSweep, MAX_SWEEP_POINTS, type SweepPoint } from './sweep.ts';
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
export { assertGradientsFinite, validateBackward } from './validate-backward.ts';
export { weightsViaIdentity } from './weights-via-identity.ts';
