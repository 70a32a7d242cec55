/**
 * Loads the two wasm builds embedded by `build:wasm` (build/wasm-bytes.js): SIMD128 and
 * relaxed-SIMD (fused multiply-add). Feature detection is `WebAssembly.validate` on the build
 * itself, so a runtime that lacks a feature simply reports the build as unavailable.
 * Modules compile on first use, synchronously (fine in Node and in workers), unless
 * `compileAsync` ran first (`ready()`). A browser main thread may refuse synchronous compiles
 * above a size limit (8 MB in Chromium 156, which our ~8 KB modules pass; older engines and
 * embedders set it at 4 KB): that refusal is thrown to the caller, which falls back to js.
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
  compile(bytes: Uint8Array<ArrayBuffer>): Promise<CompiledModule>;
  instantiate(mod: CompiledModule, imports: object): Promise<{ exports: object }>;
}
// Read on each use, not at import: an embedder (or a test) may install or stub it later.
const wasmApi = (): WasmApi | undefined => (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

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

function bytesOf(build: WasmBuild): Uint8Array<ArrayBuffer> {
  return decode(build === 'simd' ? simdBase64 : relaxedBase64);
}

/**
 * The compiled module of a build, or null when this runtime does not validate it. Throws what
 * the engine throws when it refuses to compile synchronously (a RangeError on a browser main
 * thread); that refusal is not cached, so `compileAsync` can still fill the slot.
 */
export function wasmModule(build: WasmBuild): CompiledModule | null {
  if (modules.has(build)) return modules.get(build) ?? null;
  const api = wasmApi();
  let mod: CompiledModule | null = null;
  if (api) {
    const bytes = bytesOf(build);
    if (api.validate(bytes)) mod = new api.Module(bytes);
  }
  modules.set(build, mod);
  return mod;
}

/** The compiled module of a build, compiled off the calling thread; null when not validated. */
export async function compileAsync(build: WasmBuild): Promise<CompiledModule | null> {
  const cached = modules.get(build);
  if (cached) return cached;
  const api = wasmApi();
  if (!api) return null;
  const bytes = bytesOf(build);
  const mod = api.validate(bytes) ? await api.compile(bytes) : null;
  modules.set(build, mod);
  return mod;
}

/** Forgets the builds this runtime refused, so the next call validates them again (after a V8 flag). */
export function forgetRefusedModules(): void {
  for (const [build, mod] of modules) if (mod === null) modules.delete(build);
}

/** A fresh instance of a build (its own memory), or null when unavailable; may throw as `wasmModule`. */
export function instantiate(build: WasmBuild): WasmExports | null {
  const mod = wasmModule(build);
  if (!mod) return null;
  // Not `new (wasmApi() as WasmApi).Instance(…)`: TypeScript 7.0.2 emits that as
  // `new wasmApi().Instance(…)` (parentheses dropped with the assertion).
  const api = wasmApi() as WasmApi;
  return new api.Instance(mod, {}).exports as unknown as WasmExports;
}

/** `instantiate` without any synchronous compile or instantiation (which engines may refuse). */
export async function instantiateAsync(build: WasmBuild): Promise<WasmExports | null> {
  const mod = await compileAsync(build);
  if (!mod) return null;
  const instance = await (wasmApi() as WasmApi).instantiate(mod, {});
  return instance.exports as unknown as WasmExports;
}
