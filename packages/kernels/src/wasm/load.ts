/**
 * Loads the two wasm builds embedded by `build:wasm` (build/wasm-bytes.js): SIMD128 and
 * relaxed-SIMD (fused multiply-add). Feature detection is `WebAssembly.validate` on the build
 * itself, so a runtime that lacks a feature simply reports the build as unavailable.
 * Instances are created once, on first use, synchronously (fine in Node and in workers; a
 * browser main thread refuses sync compiles above a size limit: 8 MB in Chromium 156, which
 * our ~8 KB modules pass; older engines set it at 4 KB).
 */
import { relaxedBase64, simdBase64 } from '../../build/wasm-bytes.js';
import type { KernelSignatures } from '../types.ts';

export type WasmBuild = 'simd' | 'relaxed';

// The slice of the WebAssembly API we use (the project's lib settings ship no wasm types).
interface WasmMemoryObject {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
type CompiledModule = object;
interface WasmApi {
  validate(bytes: Uint8Array<ArrayBuffer>): boolean;
  Module: new (bytes: Uint8Array<ArrayBuffer>) => CompiledModule;
  Instance: new (mod: CompiledModule, imports: object) => { exports: object };
}
const wasmApi = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

/**
 * A kernel's parameters as the wasm export takes them: each (typed array, offset) pair becomes
 * one byte pointer, a boolean an i32; every other number passes through.
 */
export type WasmParams<P extends readonly unknown[]> = P extends readonly [
  Float32Array | Uint8Array,
  number,
  ...infer Rest,
]
  ? [pointer: number, ...WasmParams<Rest>]
  : P extends readonly [infer Head, ...infer Rest]
    ? [Head extends boolean ? number : Head, ...WasmParams<Rest>]
    : [];

/** Kernels whose assembly export is the table's signature under `WasmParams`, one to one. */
export type DirectKernel = Exclude<keyof KernelSignatures, 'pvTile' | 'gemm' | 'gemmTransA'>;

/** The exports of assembly/index.ts; pointers are byte addresses, sizes are element counts. */
export type WasmExports = {
  [K in DirectKernel]: (...args: WasmParams<Parameters<KernelSignatures[K]>>) => void;
} & {
  memory: WasmMemoryObject;
  heapBase(): number;
  expInPlace(x: number, n: number): void;
  /** pvTile, gemm and gemmTransA: C += A·B with A's element (i, p) at a + i·sai + p·sap. */
  gemmStrided(
    a: number,
    sai: number,
    sap: number,
    b: number,
    ldb: number,
    c: number,
    ldc: number,
    m: number,
    inner: number,
    n: number,
  ): void;
};

const modules = new Map<WasmBuild, CompiledModule | null>();

function decode(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** The compiled module of a build, or null when this runtime does not validate it. */
export function wasmModule(build: WasmBuild): CompiledModule | null {
  if (modules.has(build)) return modules.get(build) ?? null;
  let mod: CompiledModule | null = null;
  if (wasmApi) {
    const bytes = decode(build === 'simd' ? simdBase64 : relaxedBase64);
    if (wasmApi.validate(bytes)) mod = new wasmApi.Module(bytes);
  }
  modules.set(build, mod);
  return mod;
}

/** Forgets the builds this runtime refused, so the next call validates them again (after a V8 flag). */
export function forgetRefusedModules(): void {
  for (const [build, mod] of modules) if (mod === null) modules.delete(build);
}

/** A fresh instance of a build (its own memory), or null when unavailable. */
export function instantiate(build: WasmBuild): WasmExports | null {
  const mod = wasmModule(build);
  if (!mod) return null;
  return new (wasmApi as WasmApi).Instance(mod, {}).exports as unknown as WasmExports;
}
