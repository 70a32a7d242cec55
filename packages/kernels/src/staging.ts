import type { HeadOffsets } from '@attnkit/core';
import type { Kernels } from './types.ts';

/**
 * Where a call's data lives while its tiles run. On the js backend q, k, v are the caller's own
 * arrays and the output is returned without a copy; on wasm backends everything sits in the
 * backend's workspace (copied in once per call) and `result()` copies the output out once.
 */
export interface Staged {
  q: Float32Array;
  qOff: number;
  k: Float32Array;
  kOff: number;
  v: Float32Array;
  vOff: number;
  out: Float32Array;
  outOff: number;
  scratch: Float32Array;
  scratchOff: number;
  /** The output as a fresh Float32Array owned by the caller. */
  result(): Float32Array;
}

/** Stages q, k, v (and room for the output and `scratch` floats) where `kernels` runs: the caller's arrays on js, one copy into the workspace on wasm. */
export function stageCall(
  kernels: Kernels,
  q: Float32Array,
  k: Float32Array,
  v: Float32Array,
  outLength: number,
  scratchLength: number,
): Staged {
  if (kernels.name === 'js') {
    const out = new Float32Array(outLength);
    return {
      q,
      qOff: 0,
      k,
      kOff: 0,
      v,
      vOff: 0,
      out,
      outOff: 0,
      scratch: new Float32Array(scratchLength),
      scratchOff: 0,
      result: () => out,
    };
  }
  // Output first and zeroed; inputs after it; scratch last.
  const ws = kernels.workspace(outLength + q.length + k.length + v.length + scratchLength);
  const outOff = 0;
  const qOff = outLength;
  const kOff = qOff + q.length;
  const vOff = kOff + k.length;
  const scratchOff = vOff + v.length;
  ws.fill(0, outOff, outLength);
  ws.set(q, qOff);
  ws.set(k, kOff);
  ws.set(v, vOff);
  return {
    q: ws,
    qOff,
    k: ws,
    kOff,
    v: ws,
    vOff,
    out: ws,
    outOff,
    scratch: ws,
    scratchOff,
    result: () => ws.slice(outOff, outOff + outLength),
  };
}

/** Bytes `stageCall` holds at its peak beyond the caller's inputs (output included). */
export function stagedBytes(
  kernels: Kernels,
  inputLength: number,
  outLength: number,
  scratchLength: number,
): number {
  if (kernels.name === 'js') return 4 * (outLength + scratchLength);
  return 4 * (inputLength + 2 * outLength + scratchLength);
}

/** Where a head (its `headOffsets`) starts in the staged q, k, v and output. */
export function stagedHead(
  st: Staged,
  at: HeadOffsets,
): { q: number; k: number; v: number; o: number } {
  return { q: st.qOff + at.q, k: st.kOff + at.k, v: st.vOff + at.v, o: st.outOff + at.o };
}
