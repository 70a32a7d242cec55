export { availableBackends, backendChoices, getKernels } from './backend.ts';
export { jsKernels } from './js/index.ts';
export { applyScoreBias } from './score-bias.ts';
export { type Staged, stageCall, stagedBytes } from './staging.ts';
export type { BackendChoice, BackendName, Kernels } from './types.ts';
