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
export * from './positional/index.ts';
export { type MaskFn, type ReferenceOptions, referenceAttention } from './reference.ts';
export {
  type RowReference,
  type RowReferenceOptions,
  referenceRows,
} from './reference-rows.ts';
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
export type {
  AttentionDecoder,
  AttentionOptions,
  AttentionShape,
  AttentionVariant,
  AttentionWeights,
  Cost,
  DecoderOptions,
  DecoderShape,
  ScoreBiasFn,
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
export { weightsViaIdentity } from './weights-via-identity.ts';
