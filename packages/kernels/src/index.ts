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
  ready,
} from './backend.ts';
export { backendOption } from './backend-option.ts';
export { denseSoftmaxTraining, denseTilePlan } from './dense-tile-plan.ts';
export { type FlashBackwardInputs, flashBackward, flashBackwardScratch } from './flash-backward.ts';
export { flashForward, flashForwardScratch } from './flash-forward.ts';
export { eluPlusOneRows } from './js/elu-plus-one-rows.ts';
export { jsKernels } from './js/index.ts';
export { positiveRandomFeatures } from './js/positive-random-features.ts';
export { reluRows } from './js/relu-rows.ts';
export { zeroAboveBand } from './js/zero-above-band.ts';
export { applyScoreBias } from './score-bias.ts';
export { type SoftmaxTrainingSetup, softmaxTraining } from './softmax-training.ts';
export { type Slot, type StagedArrays, stageArrays, stagedArraysBytes } from './stage-arrays.ts';
export { stagedForward, stagedForwardBytes } from './staged-call.ts';
export { type Staged, stageCall, stagedBytes } from './staging.ts';
export { headOffsets, type TilePlan } from './tile-plan.ts';
export type { BackendChoice, BackendName, Kernels } from './types.ts';
export { setWarningHandler, type WarningHandler } from './warnings.ts';
