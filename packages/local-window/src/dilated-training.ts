/**
 * Training for dilated windows (b h n d): as in the forward, the keys of residue class r
 * (j = r + u·d) and the queries aligned with them form an undilated band problem over N/d
 * tokens. Each class is gathered into contiguous rows, run through the shared FlashAttention-2
 * drivers on its band tiles, and scattered back: every query and every key belongs to exactly one
 * class, so the gradients need no sum across classes. O(N·w·D) work, O(N·D / d) extra memory.
 */
import type { ResolvedCall } from '@attnkit/core';
import { flashBackward, flashForward, type Kernels, type TilePlan } from '@attnkit/kernels';
import type { Band } from './config.ts';
import { dilateBias } from './dilated-bias.ts';
import { keysBelow, residueClass } from './geometry.ts';

/** Rows first, first + step, … (count of them, width floats) of every [·, ·, N, width] head. */
function gather(
  src: Float32Array,
  heads: number,
  N: number,
  width: number,
  first: number,
  step: number,
  count: number,
): Float32Array {
  const out = new Float32Array(heads * count * width);
  for (let bh = 0; bh < heads; bh++)
    for (let s = 0; s < count; s++) {
      const from = (bh * N + first + s * step) * width;
      out.set(src.subarray(from, from + width), (bh * count + s) * width);
    }
  return out;
}

/** The inverse of `gather`: rows of each head back to first, first + step, … of dst. */
function scatter(
  src: Float32Array,
  dst: Float32Array,
  heads: number,
  N: number,
  width: number,
  first: number,
  step: number,
  count: number,
): void {
  for (let bh = 0; bh < heads; bh++)
    for (let s = 0; s < count; s++) {
      const to = (bh * N + first + s * step) * width;
      dst.set(src.subarray((bh * count + s) * width, (bh * count + s + 1) * width), to);
    }
}

interface ClassPart {
  call: ResolvedCall;
  firstQuery: number;
  queries: number;
  r: number;
  keys: number;
}

/** The residue classes of a dilated call, each as an undilated call of its own. */
function classes(call: ResolvedCall, d: number): ClassPart[] {
  const { batch: B, queryLength: Nq, keyLength: Nk } = call.shape;
  const parts: ClassPart[] = [];
  for (let r = 0; r < d; r++) {
    const cls = residueClass(r, d, Nq, Nk);
    if (cls.queries === 0) continue;
    const keyLengths = new Int32Array(B);
    for (let b = 0; b < B; b++) keyLengths[b] = keysBelow(r, call.keyLengths[b], d);
    parts.push({
      r,
      firstQuery: cls.firstQuery,
      queries: cls.queries,
      keys: cls.keys,
      call: {
        ...call,
        shape: { ...call.shape, queryLength: cls.queries, keyLength: cls.keys },
        keyLengths,
        causalOffset: cls.offset,
        scoreBias: call.scoreBias ? dilateBias(call.scoreBias, d, r) : null,
      },
    });
  }
  return parts;
}

type PlanOf = (call: ResolvedCall) => TilePlan;

export function dilatedForward(
  kernels: Kernels,
  call: ResolvedCall,
  band: Band,
  planOf: PlanOf,
  q: Float32Array,
  k: Float32Array,
  v: Float32Array,
): { output: Float32Array; logSumExp: Float32Array } {
  const { batch: B, heads: H, kvHeads: Hkv, queryLength: Nq, keyLength: Nk } = call.shape;
  const { headDim: D, valueDim: Dv } = call.shape;
  const d = band.dilation;
  const output = new Float32Array(B * H * Nq * Dv);
  const logSumExp = new Float32Array(B * H * Nq).fill(Number.NEGATIVE_INFINITY);
  for (const p of classes(call, d)) {
    const qc = gather(q, B * H, Nq, D, p.firstQuery, d, p.queries);
    const kc = gather(k, B * Hkv, Nk, D, p.r, d, p.keys);
    const vc = gather(v, B * Hkv, Nk, Dv, p.r, d, p.keys);
    const f = flashForward(kernels, p.call, planOf(p.call), qc, kc, vc);
    scatter(f.output, output, B * H, Nq, Dv, p.firstQuery, d, p.queries);
    scatter(f.logSumExp, logSumExp, B * H, Nq, 1, p.firstQuery, d, p.queries);
  }
  return { output, logSumExp };
}

export function dilatedBackward(
  kernels: Kernels,
  call: ResolvedCall,
  band: Band,
  planOf: PlanOf,
  x: {
    q: Float32Array;
    k: Float32Array;
    v: Float32Array;
    output: Float32Array;
    logSumExp: Float32Array;
    dOut: Float32Array;
  },
): { dq: Float32Array; dk: Float32Array; dv: Float32Array } {
  const { batch: B, heads: H, kvHeads: Hkv, queryLength: Nq, keyLength: Nk } = call.shape;
  const { headDim: D, valueDim: Dv } = call.shape;
  const d = band.dilation;
  const dq = new Float32Array(x.q.length);
  const dk = new Float32Array(x.k.length);
  const dv = new Float32Array(x.v.length);
  for (const p of classes(call, d)) {
    const rowsOf = (t: Float32Array, width: number) =>
      gather(t, B * H, Nq, width, p.firstQuery, d, p.queries);
    const keysOf = (t: Float32Array, width: number) =>
      gather(t, B * Hkv, Nk, width, p.r, d, p.keys);
    const g = flashBackward(kernels, p.call, planOf(p.call), {
      q: rowsOf(x.q, D),
      k: keysOf(x.k, D),
      v: keysOf(x.v, Dv),
      output: rowsOf(x.output, Dv),
      logSumExp: rowsOf(x.logSumExp, 1),
      dOut: rowsOf(x.dOut, Dv),
    });
    scatter(g.dq, dq, B * H, Nq, D, p.firstQuery, d, p.queries);
    scatter(g.dk, dk, B * Hkv, Nk, D, p.r, d, p.keys);
    scatter(g.dv, dv, B * Hkv, Nk, Dv, p.r, d, p.keys);
  }
  return { dq, dk, dv };
}
