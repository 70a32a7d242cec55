/**
 * The hot loops every variant shares, behind one `Kernels` interface (js, wasm-simd, wasm-relaxed-simd), backend selection and `ready()`.
 *
 * @module @attnkit/kernels
 */
export {
  availableBackends,
  BACKEND_CHOICES,
  backendChoices,
  getKernels,
  privateKernels,
  ready,
} from './backend.ts';
export { backendOption } from './backend-option.ts';
export { denseSoftmaxTraining, denseTilePlan } from './dense-tile-plan.ts';
export { type FlashBackwardInputs, flashBackward, flashBackwardScratch } from './flash-backward.ts';
export { flashForward, flashForwardScratch } from './flash-forward.ts';
export { eluPlusOneRows } from './js/elu-plus-one-rows.ts';
export { jsKernels } from './js/index.ts';
export { type KvCacheDecoder, kvCacheBytes, kvCacheDecoder } from './kv-cache-decoder.ts';
export { type Pieces, pieces } from './pieces.ts';
export { applyScoreBias } from './score-bias.ts';
export { type SoftmaxTrainingSetup, softmaxTraining } from './softmax-training.ts';
export { type Slot, type StagedArrays, stageArrays, stagedArraysBytes } from './stage-arrays.ts';
export { stagedForward, stagedForwardBytes } from './staged-call.ts';
export { type Staged, stageCall, stagedBytes, stagedHead } from './staging.ts';
export { forEachQueryBlock, keyTiles, type TilePlan } from './tile-plan.ts';
export type { BackendChoice, BackendName, GemmKernel, KernelSignatures, Kernels } from './types.ts';
export { setWarningHandler, type WarningHandler } from './warnings.ts';
