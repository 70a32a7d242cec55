import { type MaskFn, referenceAttention } from '../reference.ts';
import { type ReferenceGradients, referenceBackward } from '../reference-backward.ts';
import { randn, type Tensor, type Tensor64 } from '../tensor.ts';
import type {
  AttentionGradients,
  AttentionOptions,
  AttentionShape,
  AttentionVariant,
} from '../types.ts';
import { finiteDifferenceGradients, relativeError } from './finite-differences.ts';
import { type GradCase, largeCases, makeDOut, S, smallCases } from './gradient-cases.ts';
import { type CaseShape, caseName, makeInputs, shapeOf } from './inputs.ts';
import { describe, expect, it } from './peers.ts';

/** A variant as the gradient suite runs it: how to build it and what to compare its gradients with. */
export interface GradientSubject {
  /** Shown in the describe block. Default: the variant's name. */
  name?: string;
  /** Builds the variant under test (called once per case). */
  create: () => AttentionVariant;
  /** The same variant with `memoryBudget: bytes`, for the MEMORY_BUDGET check. */
  createWithBudget?: (bytes: number) => AttentionVariant;
  /** The variant's own mask beyond causal and padding (window band, sparse layout). */
  mask?: (shape: AttentionShape, options: AttentionOptions) => MaskFn | undefined;
  /** Float64 forward of approximations (their naive form); reads float64 data. Default: the reference. */
  oracle?: (q: Tensor64, k: Tensor64, v: Tensor64, options: AttentionOptions) => Tensor64;
  /** Float64 backward of approximations (their naive backward). Default: `referenceBackward`. */
  oracleBackward?: (
    q: Tensor,
    k: Tensor,
    v: Tensor,
    dOut: Tensor,
    options: AttentionOptions,
  ) => ReferenceGradients;
}

/** Relative error (‖g − g*‖ / ‖g*‖ per tensor) allowed against float64 finite differences. */
export const FD_TOLERANCE = 1e-3;
/** … and against the float64 backward of the oracle, on unit-normal inputs. */
export const BACKWARD_TOLERANCE = 1e-4;

/** Relative error (‖g − g*‖ / ‖g*‖) of each gradient. */
export interface GradientErrors {
  dq: number;
  dk: number;
  dv: number;
}

/** Relative errors of a variant's gradients against expected ones, per tensor. */
export function gradientErrors(
  got: AttentionGradients,
  want: { dq: ArrayLike<number>; dk: ArrayLike<number>; dv: ArrayLike<number> },
): GradientErrors {
  return {
    dq: relativeError(got.dq.data, want.dq),
    dk: relativeError(got.dk.data, want.dk),
    dv: relativeError(got.dv.data, want.dv),
  };
}

type AnyGradients = {
  dq: { data: ArrayLike<number> };
  dk: { data: ArrayLike<number> };
  dv: { data: ArrayLike<number> };
};

/**
 * Throws unless every gradient of `got` is within `tolerance` relative error of `want`: one
 * link of a trust chain (reference backward → naive backward → fast path).
 */
export function expectGradientsClose(
  got: AnyGradients,
  want: AnyGradients,
  tolerance: number,
  label = 'gradients',
): void {
  expectWithin(
    {
      dq: relativeError(got.dq.data, want.dq.data),
      dk: relativeError(got.dk.data, want.dk.data),
      dv: relativeError(got.dv.data, want.dv.data),
    },
    tolerance,
    label,
  );
}

function expectWithin(errors: GradientErrors, tolerance: number, label: string): void {
  for (const [name, e] of Object.entries(errors)) {
    if (!(e <= tolerance))
      throw new Error(`${label}: ${name} relative error ${e.toExponential(3)} > ${tolerance}`);
  }
}

/**
 * Runs the gradient conformance suite: `describeGradientConformance({ create: () => full() })`
 * in a vitest file. A variant's backward must match float64 central finite differences of its
 * oracle (≤ 1e-3 relative, small shapes, every option) and the oracle's float64 backward
 * (≤ 1e-4 relative, unit-normal inputs over several tiles). Only claimed traits are checked.
 */
export function describeGradientConformance(subject: GradientSubject): void {
  const probe = subject.create();
  const traits = probe.traits;
  const maskOf = (s: CaseShape, options: AttentionOptions) => subject.mask?.(shapeOf(s), options);
  const oracle64 = (s: CaseShape, options: AttentionOptions) =>
    subject.oracle
      ? (q: Tensor64, k: Tensor64, v: Tensor64) => subject.oracle!(q, k, v, options)
      : (q: Tensor64, k: Tensor64, v: Tensor64) =>
          referenceAttention(q, k, v, { ...options, mask: maskOf(s, options) }).output;
  const oracleBackward = (
    s: CaseShape,
    q: Tensor,
    k: Tensor,
    v: Tensor,
    dOut: Tensor,
    o: AttentionOptions,
  ) =>
    subject.oracleBackward
      ? subject.oracleBackward(q, k, v, dOut, o)
      : referenceBackward(q, k, v, dOut, { ...o, mask: maskOf(s, o) });
  const applies = (c: GradCase) =>
    (!c.cross || traits.crossAttention) &&
    (!c.padding || traits.keyLengths) &&
    (!c.bias || traits.scoreBias);
  const causalModes = traits.causal ? [false, true] : [false];

  describe(`gradient conformance: ${subject.name ?? probe.name}`, () => {
    it('claims traits.backward and offers backward, forwardForTraining, backwardCost', () => {
      expect(traits.backward).toBe(true);
      expect(typeof probe.backward).toBe('function');
      expect(typeof probe.forwardForTraining).toBe('function');
      expect(typeof probe.backwardCost).toBe('function');
    });
    describe.each(causalModes.map((causal) => ({ causal })))('causal=$causal', ({ causal }) => {
      const small = smallCases(causal).filter(applies);
      it.each(small.map((c) => ({ c, name: `${c.name} ${caseName(c.s)}` })))(
        'equals float64 finite differences: $name',
        ({ c }) => {
          const { q, k, v } = makeInputs(c.s, 3);
          const dOut = makeDOut(c.s, 3);
          const got = subject.create().backward!(q, k, v, dOut, c.options);
          const fd = finiteDifferenceGradients(oracle64(c.s, c.options), q, k, v, dOut);
          expectWithin(gradientErrors(got, fd), FD_TOLERANCE, `${c.name} vs finite differences`);
          if (c.padding) {
            // Batch entry 2 has no keys: its gradients are exact zeros, never NaN.
            const perBatch = (t: Tensor) => t.data.length / c.s.B;
            for (const t of [got.dq, got.dk, got.dv])
              expect(t.data.subarray(2 * perBatch(t)).every((x) => x === 0)).toBe(true);
          }
        },
      );
      const large = largeCases(causal).filter(applies);
      it.each(large.map((c) => ({ c, name: `${c.name} ${caseName(c.s)}` })))(
        'equals the float64 backward: $name',
        ({ c }) => {
          const { q, k, v } = makeInputs(c.s, 5);
          const dOut = makeDOut(c.s, 5);
          const variant = subject.create();
          const got = variant.backward!(q, k, v, dOut, c.options);
          expect(got.dq.shape).toEqual(q.shape);
          expect(got.dk.shape).toEqual(k.shape);
          expect(got.dv.shape).toEqual(v.shape);
          const want = oracleBackward(c.s, q, k, v, dOut, c.options);
          expectWithin(
            gradientErrors(got, { dq: want.dq.data, dk: want.dk.data, dv: want.dv.data }),
            BACKWARD_TOLERANCE,
            `${c.name} vs float64 backward`,
          );
          // The saved state skips the recompute and gives the same gradients.
          const { output, saved } = variant.forwardForTraining!(q, k, v, c.options);
          const forward = variant.forward(q, k, v, c.options);
          expect(relativeError(output.data, forward.data)).toBeLessThan(1e-5);
          const again = variant.backward!(q, k, v, dOut, { ...c.options, saved });
          expectWithin(
            gradientErrors(again, { dq: got.dq.data, dk: got.dk.data, dv: got.dv.data }),
            1e-6,
            `${c.name} with saved state`,
          );
        },
      );
    });

    it('large logits (|score| ≈ 1e4) give finite gradients; inputs are left untouched', () => {
      const s = S(1, 2, 2, 50, 50, 16);
      const { q, k, v } = makeInputs(s, 7, 25);
      const dOut = makeDOut(s, 7);
      const copies = [q.data.slice(), k.data.slice(), v.data.slice(), dOut.data.slice()];
      const g = subject.create().backward!(q, k, v, dOut, { scale: 1 });
      for (const t of [g.dq, g.dk, g.dv]) expect(t.data.every(Number.isFinite)).toBe(true);
      expect([q.data, k.data, v.data, dOut.data]).toEqual(copies);
    });

    it('refuses bad dOut (shape, NaN, overflowing gradients), saved state and bias gradients with typed errors', () => {
      const s = S(1, 2, 1, 6, 6, 4);
      const { q, k, v } = makeInputs(s, 8);
      const dOut = makeDOut(s, 8);
      const variant = subject.create();
      const code = (fn: () => unknown) => {
        try {
          fn();
        } catch (e) {
          return (e as { code?: string }).code;
        }
        return 'no error';
      };
      expect(code(() => variant.backward!(q, k, v, randn([1, 2, 5, 4], 1)))).toBe('SHAPE_MISMATCH');
      const bad = { data: dOut.data.slice(), shape: dOut.shape };
      bad.data[3] = Number.NaN;
      expect(code(() => variant.backward!(q, k, v, bad))).toBe('NON_FINITE');
      expect(code(() => variant.backward!(q, k, v, dOut, { scoreBiasGradient: true }))).toBe(
        'UNSUPPORTED',
      );
      // Finite but huge: the gradients overflow float32 and are refused, never returned as Inf.
      const huge = { data: new Float32Array(dOut.data.length).fill(3e38), shape: dOut.shape };
      expect(code(() => variant.backward!(q, k, v, huge))).toBe('NON_FINITE');
      const saved = { output: randn([1, 2, 3, 4], 2) };
      expect(code(() => variant.backward!(q, k, v, dOut, { saved }))).toBe('SHAPE_MISMATCH');
    });

    it('backwardCost() is finite, causal costs no more; no N×N in its peak', () => {
      const shape = shapeOf(S(1, 1, 1, 2048, 2048, 64));
      const c = probe.backwardCost!(shape);
      expect(Number.isFinite(c.flops) && c.flops > 0).toBe(true);
      expect(c.peakBytes).toBeGreaterThan(0);
      expect(c.peakBytes).toBeLessThan(4 * 2048 * 2048);
      if (traits.causal)
        expect(probe.backwardCost!(shape, { causal: true }).flops).toBeLessThanOrEqual(c.flops);
    });

    if (subject.createWithBudget) {
      it('refuses with MEMORY_BUDGET what backwardCost() predicts over budget', () => {
        const s = S(1, 1, 1, 64, 64, 8);
        const { q, k, v } = makeInputs(s, 9);
        const variant = subject.createWithBudget!(1024);
        expect(variant.backwardCost!(shapeOf(s)).peakBytes).toBeGreaterThan(1024);
        expect(() => variant.backward!(q, k, v, makeDOut(s, 9))).toThrow(
          expect.objectContaining({ code: 'MEMORY_BUDGET' }),
        );
      });
    }
  });
}
