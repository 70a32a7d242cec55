/**
 * A small decoder-only trainer around any attnkit attention variant, and the recall tasks that
 * separate variants (MQAR as in Zoology, copy / induction).
 *
 * @module @attnkit/train
 */
export type {
  AttentionLayer,
  AttentionLayerFactory,
  AttentionLayerShape,
  Param,
} from './attention-layer.ts';
export {
  type Checkpoint,
  checkpointOf,
  fingerprintOf,
  restoreCheckpoint,
} from './checkpoint.ts';
export type { Activation, Floats } from './floats.ts';
export type { ActivationName } from './layers/activation.ts';
export { createModel, type Model, type ModelConfig, type StepResult } from './model.ts';
export {
  adamwStep,
  createOptimizerState,
  learningRate,
  type OptimizerConfig,
  type OptimizerState,
} from './optimizer.ts';
export type { Batch, Task } from './tasks/batch.ts';
export { type CopyConfig, copyTask } from './tasks/copy.ts';
export { type MqarConfig, mqar } from './tasks/mqar.ts';
export {
  type CurvePoint,
  createTrainer,
  type Evaluation,
  heldOutBatchSeed,
  type Throughput,
  type TrainConfig,
  type Trainer,
  trainBatchSeed,
} from './trainer.ts';
export { type VariantLayerOptions, variantAttention } from './variant-layer.ts';
export { variantFromSpec } from './variants.ts';
