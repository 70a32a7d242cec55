import { createRng } from '../rng.ts';
import { randn, type Tensor } from '../tensor.ts';

/** One conformance case shape, in the letters of the contract (B, H, Hkv, Nq, Nk, D, Dv). */
export interface CaseShape {
  B: number;
  H: number;
  Hkv: number;
  Nq: number;
  Nk: number;
  D: number;
  Dv: number;
}

/** Seeded unit-normal q, k, v for a case shape, optionally scaled. */
export function makeInputs(s: CaseShape, seed = 1, scale = 1): { q: Tensor; k: Tensor; v: Tensor } {
  const rng = createRng(seed);
  return {
    q: randn([s.B, s.H, s.Nq, s.D], rng, scale),
    k: randn([s.B, s.Hkv, s.Nk, s.D], rng, scale),
    v: randn([s.B, s.Hkv, s.Nk, s.Dv], rng),
  };
}

/** The `AttentionShape` of a case. */
export const shapeOf = (s: CaseShape) => ({
  batch: s.B,
  heads: s.H,
  kvHeads: s.Hkv,
  queryLength: s.Nq,
  keyLength: s.Nk,
  headDim: s.D,
  valueDim: s.Dv,
});

/** A short readable name of a case, for test titles. */
export const caseName = (s: CaseShape) =>
  `B${s.B} H${s.H}/${s.Hkv} Nq${s.Nq} Nk${s.Nk} D${s.D} Dv${s.Dv}`;

/** Expands weights (dense or CSR) into a dense float64 [B·H·Nq·Nk] array. */
export function denseWeights(w: import('../types.ts').AttentionWeights): Float64Array {
  const [B, H, Nq, Nk] = w.shape;
  const out = new Float64Array(B * H * Nq * Nk);
  if (w.kind === 'dense') {
    out.set(w.data);
    return out;
  }
  for (let r = 0; r < B * H * Nq; r++) {
    for (let p = w.rowPtr[r]; p < w.rowPtr[r + 1]; p++) out[r * Nk + w.colIdx[p]] += w.values[p];
  }
  return out;
}
