import type { Kernels } from './types.ts';

/** One array where a backend's tiles can reach it: (array, element offset). */
export interface Slot {
  a: Float32Array;
  off: number;
}

/** Where `stageArrays` put a call's inputs, outputs and scratch. */
export interface StagedArrays {
  inputs: Slot[];
  /** Zeroed, for accumulation. */
  outputs: Slot[];
  scratch: Slot;
  /** The outputs as fresh Float32Arrays owned by the caller. */
  results(): Float32Array[];
}

/**
 * `stageCall` for any number of inputs and outputs (the backward reads q, k, v, out, dOut and
 * writes dq, dk, dv). On js the inputs are the caller's arrays; on wasm everything is copied
 * into the backend's workspace once per call, never per tile.
 */
export function stageArrays(
  kernels: Kernels,
  inputs: Float32Array[],
  outputLengths: number[],
  scratchLength: number,
): StagedArrays {
  if (kernels.name === 'js') {
    const outs = outputLengths.map((n) => new Float32Array(n));
    return {
      inputs: inputs.map((a) => ({ a, off: 0 })),
      outputs: outs.map((a) => ({ a, off: 0 })),
      scratch: { a: new Float32Array(scratchLength), off: 0 },
      results: () => outs,
    };
  }
  let total = scratchLength;
  for (const a of inputs) total += a.length;
  for (const n of outputLengths) total += n;
  const ws = kernels.workspace(total);
  let at = 0;
  const outputs = outputLengths.map((n) => {
    ws.fill(0, at, at + n);
    at += n;
    return { a: ws, off: at - n };
  });
  const staged = inputs.map((a) => {
    ws.set(a, at);
    at += a.length;
    return { a: ws, off: at - a.length };
  });
  return {
    inputs: staged,
    outputs,
    scratch: { a: ws, off: at },
    results: () => outputs.map((s, i) => ws.slice(s.off, s.off + outputLengths[i])),
  };
}

/** Bytes `stageArrays` holds at its peak beyond the caller's inputs (outputs and their copies). */
export function stagedArraysBytes(
  kernels: Kernels,
  inputLength: number,
  outputLength: number,
  scratchLength: number,
): number {
  if (kernels.name === 'js') return 4 * (outputLength + scratchLength);
  return 4 * (inputLength + 2 * outputLength + scratchLength);
}
