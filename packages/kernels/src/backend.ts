import { AttentionError, describe } from '@attnkit/core';
import { jsKernels } from './js/index.ts';
import type { BackendChoice, Kernels } from './types.ts';
import { createWasmKernels } from './wasm/kernels.ts';
import { forgetRefusedModules, type WasmBuild } from './wasm/load.ts';

/** Every value a variant's `backend` config takes. */
export const BACKEND_CHOICES: readonly BackendChoice[] = [
  'auto',
  'js',
  'wasm',
  'wasm-simd',
  'wasm-relaxed-simd',
];
const built = new Map<WasmBuild, Kernels | null>();

/** The wasm kernels of one build, created once; null when this runtime does not validate it. */
function wasmBuild(build: WasmBuild): Kernels | null {
  if (!built.has(build)) built.set(build, createWasmKernels(build));
  return built.get(build) ?? null;
}

/**
 * Forgets the builds this runtime refused, so `getKernels` validates them again; for
 * `enableRelaxedSimd` (src/node.ts) after it turns on V8's flag. Variants made before keep
 * the kernels they were given.
 */
export function forgetRefusedBuilds(): void {
  for (const [build, kernels] of built) if (kernels === null) built.delete(build);
  forgetRefusedModules();
}

/** The fastest wasm build this runtime validates: relaxed-SIMD (FMA), else SIMD128. */
function bestWasm(): Kernels | null {
  return wasmBuild('relaxed') ?? wasmBuild('simd');
}

/** The kernels for a backend choice; 'auto' is the fastest that this runtime validates. */
export function getKernels(choice: BackendChoice = 'auto'): Kernels {
  if (!BACKEND_CHOICES.includes(choice))
    throw new AttentionError(
      'INVALID_CONFIG',
      'backend',
      BACKEND_CHOICES.join(' | '),
      describe(choice),
    );
  if (choice === 'js') return jsKernels;
  if (choice === 'wasm-simd' || choice === 'wasm-relaxed-simd') return pinnedBuild(choice);
  const wasm = bestWasm();
  if (choice === 'auto') return wasm ?? jsKernels;
  if (!wasm)
    throw new AttentionError(
      'UNSUPPORTED',
      'backend',
      "'auto' or 'js' (this runtime validates no WebAssembly SIMD build)",
      "'wasm'",
    );
  return wasm;
}

function pinnedBuild(choice: 'wasm-simd' | 'wasm-relaxed-simd'): Kernels {
  const kernels = wasmBuild(choice === 'wasm-simd' ? 'simd' : 'relaxed');
  if (kernels) return kernels;
  const hint =
    choice === 'wasm-relaxed-simd'
      ? " (Node 20: call enableRelaxedSimd() from '@attnkit/kernels/node' first, or run node with --experimental-wasm-relaxed-simd)"
      : '';
  throw new AttentionError(
    'UNSUPPORTED',
    'backend',
    `a build this runtime validates${hint}`,
    `'${choice}'`,
  );
}

/**
 * A backend of the same build with memory of its own: state that must outlive calls (a decoder's
 * KV cache) lives in its workspace, which no other variant's call reuses. js has no shared
 * workspace, so it is returned as is.
 */
export function privateKernels(kernels: Kernels): Kernels {
  if (kernels.name === 'js') return kernels;
  const own = createWasmKernels(kernels.name === 'wasm-relaxed-simd' ? 'relaxed' : 'simd');
  if (!own) throw new Error(`${kernels.name} validated before and not now`);
  return own;
}

/** Every backend this runtime can run (each wasm build that validates, then js), fastest first. */
export function availableBackends(): Kernels[] {
  const list: Kernels[] = [];
  for (const build of ['relaxed', 'simd'] as const) {
    const k = wasmBuild(build);
    if (k) list.push(k);
  }
  list.push(jsKernels);
  return list;
}

/**
 * The backend choices this runtime can run, for tests and benchmarks that must cover every
 * backend: `describe.each(backendChoices())` runs a suite once per backend.
 */
export function backendChoices(): Exclude<BackendChoice, 'auto'>[] {
  return bestWasm() ? ['js', 'wasm'] : ['js'];
}
