import { AttentionError, describe } from '@attnkit/core';
import { jsKernels } from './js/index.ts';
import type { BackendChoice, BackendName, Kernels } from './types.ts';
import { warnOnce } from './warnings.ts';
import { createWasmKernels } from './wasm/kernels.ts';
import { forgetRefusedModules, instantiateAsync, type WasmBuild } from './wasm/load.ts';

/** Every value a variant's `backend` config takes. */
export const BACKEND_CHOICES: readonly BackendChoice[] = [
  'auto',
  'js',
  'wasm',
  'wasm-simd',
  'wasm-relaxed-simd',
];
const built = new Map<WasmBuild, Kernels | null>();
// Why the engine refused to compile a build synchronously (a browser main thread's size limit).
let syncRefusal: unknown = null;

/**
 * The wasm kernels of one build, created once; null when this runtime does not validate it or
 * refuses to compile it synchronously (then `ready()` can still provide it).
 */
function wasmBuild(build: WasmBuild): Kernels | null {
  if (!built.has(build)) {
    try {
      built.set(build, createWasmKernels(build));
    } catch (error) {
      syncRefusal = error;
      built.set(build, null);
    }
  }
  return built.get(build) ?? null;
}

/**
 * Compiles and instantiates the wasm builds asynchronously (`WebAssembly.compile` and
 * `WebAssembly.instantiate`), so that variants created afterwards run on wasm even where the
 * engine refuses synchronous compilation (a browser main thread). Call it once at start-up;
 * later calls return at once. Never rejects: a runtime without WebAssembly SIMD resolves to 'js'.
 *
 * @returns the backend that `backend: 'auto'` now picks.
 * @example
 * ```ts
 * import { ready } from '@attnkit/kernels';
 * import { chunked } from '@attnkit/chunked';
 * await ready(); // before the first variant
 * const attention = chunked(); // wasm-simd, even on a browser main thread
 * ```
 */
export async function ready(): Promise<BackendName> {
  for (const build of ['relaxed', 'simd'] as const) {
    if (built.get(build)) continue;
    try {
      const exports = await instantiateAsync(build);
      built.set(build, createWasmKernels(build, exports));
    } catch {
      // A build the engine rejects even asynchronously stays unavailable; js remains.
      built.set(build, null);
    }
  }
  return getKernels('auto').name;
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
  if (wasm) return wasm;
  if (choice === 'auto') {
    warnOnce('auto-js', `backend 'auto' runs on js (several times slower): ${whyNoWasm()}`);
    return jsKernels;
  }
  throw new AttentionError('UNSUPPORTED', 'backend', `'auto' or 'js' (${whyNoWasm()})`, "'wasm'");
}

/** Why no wasm build is available, with what the user can do about it. */
function whyNoWasm(): string {
  if (syncRefusal !== null)
    return `this engine refused to compile WebAssembly synchronously (${describeRefusal(syncRefusal)}); await ready() from '@attnkit/kernels' before creating variants`;
  if (!(globalThis as { WebAssembly?: unknown }).WebAssembly)
    return 'this runtime has no WebAssembly';
  return 'this runtime validates no WebAssembly SIMD build';
}

function describeRefusal(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function pinnedBuild(choice: 'wasm-simd' | 'wasm-relaxed-simd'): Kernels {
  const kernels = wasmBuild(choice === 'wasm-simd' ? 'simd' : 'relaxed');
  if (kernels) return kernels;
  const hint =
    syncRefusal !== null
      ? ` (${whyNoWasm()})`
      : choice === 'wasm-relaxed-simd'
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
