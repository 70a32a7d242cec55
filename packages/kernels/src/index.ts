export {
  availableBackends,
  BACKEND_CHOICES,
  backendChoices,
  getKernels,
  privateKernels,
} from './backend.ts';
export { backendOption } from './backend-option.ts';
export { jsKernels } from './js/index.ts';
export { kvCacheBytes, kvCacheDecoder } from './kv-cache-decoder.ts';
export { type Pieces, pieces } from './pieces.ts';
export { applyScoreBias } from './score-bias.ts';
export { stagedForward, stagedForwardBytes } from './staged-call.ts';
export { type Staged, stageCall, stagedBytes } from './staging.ts';
export type { BackendChoice, BackendName, KernelSignatures, Kernels } from './types.ts';
