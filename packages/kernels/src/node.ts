/**
 * Node-only: the relaxed-SIMD (FMA) build on Node 20.
 *
 * Node 20's V8 (11.3) implements relaxed SIMD with its final encoding but keeps it behind
 * `--experimental-wasm-relaxed-simd`; from V8 11.4 it is on by default (Node ≥ 22, Chromium ≥ 114),
 * and Node 24 refuses the flag as a bad option. So on Node 20 the auto backend runs the plain
 * SIMD128 build, whose multiply-adds take two instructions, unless the flag is set: on the
 * command line (`node --experimental-wasm-relaxed-simd app.js`), or by `enableRelaxedSimd()`
 * before any variant is created.
 *
 * Node documents that V8 flags changed after start-up may behave unpredictably; this one is
 * read when a module is validated, which is why the call must come before the first variant
 * (variants made earlier keep the SIMD128 kernels they were given).
 *
 * @module @attnkit/kernels/node
 */
import { setFlagsFromString } from 'node:v8';
import { forgetRefusedBuilds, getKernels } from './backend.ts';
import { wasmModule } from './wasm/load.ts';

const FLAG = '--experimental-wasm-relaxed-simd';
let flagSet = process.execArgv.includes(FLAG);

/**
 * Whether the relaxed-SIMD build runs: 'native' (the runtime runs it unflagged), 'flag' (through
 * V8's flag, Node 20: set on the command line or by this call), or 'unavailable' (neither; other
 * V8 versions are left alone).
 */
export type RelaxedSimdStatus = 'native' | 'flag' | 'unavailable';

/** True for the V8 line (11.x, Node 20) whose relaxed SIMD sits behind FLAG. */
export function hasRelaxedSimdFlag(v8Version: string = process.versions.v8): boolean {
  return v8Version.split('.')[0] === '11';
}

/** Makes `getKernels('auto')` pick the relaxed-SIMD build where this Node can run it. */
export function enableRelaxedSimd(): RelaxedSimdStatus {
  if (wasmModule('relaxed')) return flagSet ? 'flag' : 'native';
  if (!hasRelaxedSimdFlag()) return 'unavailable';
  setFlagsFromString(FLAG);
  flagSet = true;
  forgetRefusedBuilds();
  return getKernels('auto').name === 'wasm-relaxed-simd' ? 'flag' : 'unavailable';
}

/**
 * The node options a child process needs to run the build this process runs: the flag once it is
 * set here (on the command line or by `enableRelaxedSimd`), else none.
 */
export function relaxedSimdExecArgv(): string[] {
  return flagSet ? [FLAG] : [];
}
