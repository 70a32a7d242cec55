/**
 * What the bidirectional and the causal loop share: the call's input checks, the arrays the
 * kernels read, and the per-chunk steps both run (map keys, fold them into S and z, normalise
 * and store output rows). Every helper here runs once per chunk of rows, never per element.
 */
import type { ResolvedCall } from '@attnkit/core';
import type { Pieces } from '@attnkit/kernels';
import { assertFavorCall } from './favor-range.ts';
import { type FeatureContext, floorNormaliser, mapRows } from './feature-map.ts';
import { assertFeatureRange } from './feature-range.ts';
import { assertRowsFinite } from './finite-rows.ts';
import type { ScratchLayout } from './scratch.ts';

/** The arrays one call reads and writes, handed to the attend loops. */
export interface LinearIo {
  q: Float32Array;
  k: Float32Array;
  v: Float32Array;
  out: Float32Array;
}

/** One call's state for the attend loops. */
export interface LinearPass {
  call: ResolvedCall;
  io: LinearIo;
  p: Pieces;
  fm: FeatureContext;
  lay: ScratchLayout;
  /** Rows per piece (queries and keys). */
  chunk: number;
  /** The normaliser's floor ε. */
  normEps: number;
  d: number;
  dv: number;
  /** Where the kernels read q, k, v and write the output (wasm memory or the arrays). */
  qa: Float32Array;
  ka: Float32Array;
  va: Float32Array;
  oa: Float32Array;
}

/** Checks the caller's arrays (offset 0) before any row is streamed, then opens the pass. */
export function openPass(
  call: ResolvedCall,
  io: LinearIo,
  p: Pieces,
  fm: FeatureContext,
  lay: ScratchLayout,
  chunk: number,
  normEps: number,
): LinearPass {
  const [qa, ka, va, oa] = [p.from(io.q), p.from(io.k), p.from(io.v), p.outArray(io.out)];
  assertFavorCall(fm, io.q, 0, io.k, 0, call.shape);
  assertFeatureRange(fm, call.shape, call.keyLengths, io.q, 0, io.k, 0, io.v, 0);
  const { headDim: d, valueDim: dv } = call.shape;
  return { call, io, p, fm, lay, chunk, normEps, d, dv, qa, ka, va, oa };
}

/** Keys j0 … j0+rows of the head at (kBase, vBase): φ(K) into fk; returns where V rows sit. */
export function mapKeys(x: LinearPass, kBase: number, vBase: number, j0: number, rows: number) {
  const { io, p, lay, d, dv } = x;
  mapRows(x.fm, x.ka, p.load(io.k, kBase + j0 * d, rows * d, lay.kSlot), rows, p.ws, lay.fk, 'key');
  return p.load(io.v, vBase + j0 * dv, rows * dv, lay.vSlot);
}

/** Folds the φ(K) rows in fk, with their V rows at vp, into S += φ(K)ᵀV and z += Σ φ(k). */
export function foldKeys(x: LinearPass, vp: number, rows: number): void {
  const { fm, lay, dv } = x;
  const ws = x.p.ws;
  fm.kernels.gemmTransA(ws, lay.fk, fm.m, x.va, vp, dv, ws, lay.state, dv, fm.m, rows, dv);
  fm.kernels.colSums(ws, lay.fk, fm.m, rows, fm.m, ws, lay.z);
}

/** Queries i0 … i0+rows of the head at qBase: φ(Q) into fq. */
export function mapQueries(x: LinearPass, qBase: number, i0: number, rows: number): void {
  const { io, p, lay, d } = x;
  const qp = p.load(io.q, qBase + i0 * d, rows * d, lay.qSlot);
  mapRows(x.fm, x.qa, qp, rows, p.ws, lay.fq, 'query');
}

/** Divides the output rows at o by their normaliser in den, checks them and stores them. */
export function finishRows(
  x: LinearPass,
  o: number,
  oBase: number,
  i0: number,
  rows: number,
  b: number,
  h: number,
): void {
  const { p, lay, oa, dv } = x;
  floorNormaliser(p.ws, lay.den, rows, x.normEps);
  x.fm.kernels.finalizeRows(oa, o, p.ws, lay.den, rows, dv, oa, o);
  assertRowsFinite(oa, o, rows, dv, b, h, i0);
  p.store(x.io.out, oBase + i0 * dv, rows * dv, lay.outSlot);
}
