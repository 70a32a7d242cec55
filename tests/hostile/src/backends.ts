import { availableBackends, type BackendName } from '@attnkit/kernels';

/**
 * Every backend this runtime validates, pinned by name: js, wasm-simd, and wasm-relaxed-simd where
 * it validates (Node >= 22, or Node 20 with --experimental-wasm-relaxed-simd, as CI runs it).
 */
export const BACKENDS: readonly BackendName[] = availableBackends().map((k) => k.name);
