/**
 * Loads the two wasm builds embedded by `build:wasm` (build/wasm-bytes.js): SIMD128 and
 * relaxed-SIMD (fused multiply-add). Feature detection is `WebAssembly.validate` on the build
 * itself, so a runtime that lacks a feature simply reports the build as unavailable.
 * Instances are created once, on first use, synchronously (fine in Node and in workers; a
 * browser main thread refuses sync compiles above a size limit: 8 MB in Chromium 156, which
 * our ~8 KB modules pass; older engines set it at 4 KB).
 */
import { relaxedBase64, simdBase64 } from '../../build/wasm-bytes.js';

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

/** The exports of assembly/index.ts; pointers are byte addresses, sizes are element counts. */
export interface WasmExports {
  memory: WasmMemoryObject;
  heapBase(): number;
  expInPlace(x: number, n: number): void;
  scoreTile(
    q: number,
    k: number,
    s: number,
    rows: number,
    cols: number,
    depth: number,
    ldS: number,
    scale: number,
  ): void;
  maskBand(
    s: number,
    rows: number,
    cols: number,
    ldS: number,
    diag0: number,
    lo: number,
    hi: number,
  ): void;
  maskTile(s: number, rows: number, cols: number, ldS: number, mask: number, ldM: number): void;
  softmaxRows(s: number, rows: number, cols: number, ldS: number): void;
  onlineSoftmax(
    s: number,
    rows: number,
    cols: number,
    ldS: number,
    m: number,
    l: number,
    acc: number,
    dv: number,
  ): void;
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
  finalizeRows(acc: number, l: number, rows: number, dv: number, out: number): void;
  softmaxGradTile(
    s: number,
    dp: number,
    rows: number,
    cols: number,
    ld: number,
    lse: number,
    delta: number,
    scale: number,
  ): void;
  addDistanceBias(
    s: number,
    rows: number,
    cols: number,
    ldS: number,
    diag0: number,
    slope: number,
  ): void;
  addRelativeBias(
    s: number,
    rows: number,
    cols: number,
    ldS: number,
    diag0: number,
    table: number,
    maxDistance: number,
  ): void;
}

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
